import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real servers on loopback: keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
  },
});
