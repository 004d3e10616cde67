// siblingModule: worker entry points resolve next to the caller, in the caller's own language.
import { describe, expect, it } from "vitest";
import { siblingModule } from "../../src/app/sibling.ts";

describe("siblingModule", () => {
  it("keeps .ts for the sources and .js for the compiled bot", () => {
    expect(siblingModule("worker-host", "file:///app/src/charts/off-thread.ts").href).toBe(
      "file:///app/src/charts/worker-host.ts",
    );
    expect(siblingModule("metrics-worker", "file:///app/dist/digests/metrics-off-thread.js").href).toBe(
      "file:///app/dist/digests/metrics-worker.js",
    );
  });
});
