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
});
