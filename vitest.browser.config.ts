import { defineConfig } from "vitest/config";

// The web console in Debian's Chromium (playwright-core): `npm run test:browser`. Needs /usr/bin/chromium
// (.ci/chromium installs it); kept out of `npm test` so a fresh machine without it still passes that.
export default defineConfig({
  test: {
    include: ["test/**/*.browser.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
  },
});
