import { describe, expect, it } from "vitest";
import { Lifecycle } from "../../src/app/lifecycle.ts";

describe("Lifecycle", () => {
  it("finishes in-flight work before closing resources, in reverse order", async () => {
    const lc = new Lifecycle();
    const order: string[] = [];
    lc.onClose({ name: "store", close: () => void order.push("store") });
    lc.onClose({ name: "server", close: () => void order.push("server") });
    let release!: () => void;
    expect(lc.run(() => new Promise<void>((r) => (release = r)).then(() => void order.push("work")))).toBe(true);
    const done = lc.shutdown(5_000);
    expect(lc.run(async () => order.push("late"))).toBe(false);
    release();
    expect(await done).toEqual({ abandoned: 0, errors: [] });
    expect(order).toEqual(["work", "server", "store"]);
  });

  it("gives up on work past the deadline and reports it", async () => {
    const lc = new Lifecycle();
    lc.run(() => new Promise(() => {}));
    lc.onClose({
      name: "broken",
      close: () => {
        throw new Error("boom");
      },
    });
    expect(await lc.shutdown(20)).toEqual({ abandoned: 1, errors: ["broken: boom"] });
  });

  it("one deadline for everything: drains run alongside the work, cut-off work is aborted and may say so", async () => {
    const lc = new Lifecycle();
    const said: string[] = [];
    lc.run(
      (signal) =>
        new Promise<void>((resolve) =>
          signal.addEventListener("abort", () => {
            said.push("cut off");
            resolve();
          }),
        ),
    );
    let drainGot = -1;
    lc.onDrain({
      name: "digests",
      drain: async (ms) => {
        drainGot = ms;
        // A digest that does not finish by itself: it must not hold the shutdown past the deadline.
        await new Promise(() => undefined);
      },
    });
    const started = performance.now();
    const r = await lc.shutdown(500);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(r).toEqual({ abandoned: 1, errors: [] });
    expect(said).toEqual(["cut off"]);
    expect(drainGot).toBe(250);
  });
});
