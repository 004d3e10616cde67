// A SIGTERM that arrives while the bot is still starting is not lost (nor does it kill the process outright):
// the bounded shutdown runs as soon as the bot is up, so a run the start already claimed is handed back.
import { afterEach, describe, expect, it } from "vitest";
import { type Stoppable, startUntilSignalled } from "../../src/app/signals.ts";
import { createLogger } from "../../src/log.ts";

describe("startUntilSignalled", () => {
  const before = { term: process.listeners("SIGTERM"), int: process.listeners("SIGINT") };
  afterEach(() => {
    for (const l of process.listeners("SIGTERM")) if (!before.term.includes(l)) process.off("SIGTERM", l);
    for (const l of process.listeners("SIGINT")) if (!before.int.includes(l)) process.off("SIGINT", l);
  });

  it("a SIGTERM during the start stops the bot once it is up, within the shutdown deadline", async () => {
    const stops: number[] = [];
    const exits: number[] = [];
    let started!: (b: Stoppable) => void;
    const bot = startUntilSignalled(() => new Promise<Stoppable>((r) => (started = r)), {
      shutdownMs: 4_000,
      log: createLogger({ level: "silent" }),
      exit: (code) => exits.push(code),
    });
    process.emit("SIGTERM", "SIGTERM");
    expect(stops).toEqual([]);
    started({
      stop: async (ms) => {
        stops.push(ms);
        return { abandoned: 0, errors: [] };
      },
    });
    await bot;
    await new Promise((r) => setImmediate(r));
    expect(stops).toEqual([4_000]);
    expect(exits).toEqual([0]);
  });

  it("stops once however many signals arrive, and exits 1 when something failed to close", async () => {
    const stops: number[] = [];
    const exits: number[] = [];
    await startUntilSignalled(
      async () => ({
        stop: async (ms: number) => {
          stops.push(ms);
          return { abandoned: 1, errors: ["store: closed twice"] };
        },
      }),
      { shutdownMs: 15_000, log: createLogger({ level: "silent" }), exit: (code) => exits.push(code) },
    );
    process.emit("SIGTERM", "SIGTERM");
    process.emit("SIGINT", "SIGINT");
    await new Promise((r) => setImmediate(r));
    expect(stops).toEqual([15_000]);
    expect(exits).toEqual([1]);
  });
});
