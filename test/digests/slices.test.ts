// The slicer: a long loop yields once its time budget has run, and not before.
import { describe, expect, it } from "vitest";
import { slicer } from "../../src/digests/slices.ts";

describe("slicer", () => {
  it("yields on every call once the budget is spent (budget 0)", async () => {
    let turns = 0;
    const slice = slicer(async () => {
      turns++;
    }, 0);
    for (let i = 0; i < 5; i++) await slice();
    expect(turns).toBe(5);
  });

  it("does not yield within the budget", async () => {
    let turns = 0;
    const slice = slicer(async () => {
      turns++;
    }, 60_000);
    for (let i = 0; i < 100; i++) await slice();
    expect(turns).toBe(0);
  });

  it("lets a timer run between slices of a busy loop (default yield: setImmediate)", async () => {
    const slice = slicer(undefined, 1);
    let timerRan = false;
    setTimeout(() => {
      timerRan = true;
    }, 0);
    const until = performance.now() + 30;
    while (performance.now() < until && !timerRan) {
      const spin = performance.now() + 2;
      while (performance.now() < spin) {
        // busy: two ms of synchronous work per iteration
      }
      await slice();
    }
    expect(timerRan).toBe(true);
  });
});
