// The terminal playground against the real playground (simulator, emulator, bot): whole messages as text,
// clicks by label as another person, messages that arrive later, the demo policy's roles.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Terminal, terminal } from "../../../src/sim/playground/terminal.ts";
import { type Playground, startPlayground } from "../../../src/sim/playground/world.ts";

let pg: Playground;
let t: Terminal;
let out: string;
let lines: string[] = [];
const said = () => {
  const s = lines.join("\n");
  lines = [];
  return s;
};

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "appsvc-pg-out-"));
  pg = await startPlayground({ LOG_LEVEL: "warn" });
  t = terminal(pg, (s) => lines.push(s), out);
});
afterAll(async () => {
  await pg?.close();
  await rm(out, { recursive: true, force: true });
});

describe("terminal playground", () => {
  it("runs in its own data folder on free ports", () => {
    expect(pg.storeAt).toMatch(/appsvc-playground-/);
    expect(pg.sim.url).not.toContain(":8443");
  });

  it("prints whole messages: list names every app, help shows <command> and buttons show by label", async () => {
    await t.run("list");
    const list = said();
    for (const app of ["shop-api", "checkout-web", "archive-api"]) expect(list).toContain(app);
    await t.run("help");
    const help = said();
    expect(help).toContain("/appsvc status <app>");
    expect(help).not.toContain("&lt;");
    await t.run("status shop-api --window 3h");
    const status = said();
    expect(status).toContain("[Diagnose] [Collect] [Restart ✓]");
    expect(status).toMatch(/file ".*" \(image\/png, \d+ bytes, in the thread\)/);
    expect((await readdir(out)).some((f) => f.endsWith(".png"))).toBe(true);
  });

  it("plays the approval story: alice asks, eve and alice may not approve, bob does; verification arrives later", async () => {
    await t.run("click restart");
    expect(said()).toContain("[Approve ✓] [Cancel]");
    await t.run("as eve click approve");
    expect(said()).toContain("(only eve sees this)");
    await t.run("click approve");
    expect(said()).toContain("Two-person rule");
    await t.run("as bob click approve");
    expect(said()).toMatch(/approved by @U0BOB[\s\S]*Watching it for 5 min/);
    await t.run("clock x600");
    await t.run("wait 5");
    expect(said()).toMatch(/in the thread of .*\n.*shop-api recovered/);
  });

  it("digest list shows the ids; a second identical subscription is refused with the first one's id", async () => {
    await t.run("digest subscribe 08:30 UTC weekdays");
    const id = /ID `?([\w-]+)`?/.exec(said())?.[1];
    expect(id).toBeTruthy();
    await t.run("digest list");
    expect(said()).toContain(String(id));
    await t.run("digest subscribe 08:30 UTC weekdays");
    expect(said()).toContain(`already has that digest (ID ${id})`);
  });

  it("/appsvc doctor checks the playground's own set-up: all green, no server path", async () => {
    await t.run("doctor");
    const table = said();
    expect(table).toContain("✅ Azure credential — the playground's static token produced a token");
    expect(table).toContain("✅ Permissions /subscriptions/00000000…0002 — all");
    expect(table).toMatch(/all \d+ checks passed/);
    expect(table).not.toContain("❌");
    expect(table).not.toContain(pg.storeAt);
  });

  it("says what it does not know", async () => {
    await t.run("click nonexistent-button");
    expect(said()).toContain('no message alice can see has a "nonexistent-button" button');
    await t.run("as mallory list");
    expect(said()).toContain('no user "mallory"');
  });
});
