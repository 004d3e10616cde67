import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Browser tests need Chromium (a Debian package): `npm run test:browser`, which CI runs (.ci/run).
    exclude: ["**/node_modules/**", "test/**/*.browser.test.ts"],
    // Brings PostgreSQL for the store and fault suites on a fresh machine (test/global-setup.ts).
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real servers on loopback: keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
  },
});
