// `/appsvc dump` behind approval, through the real Bolt app, the Slack emulator and the HTTPS Azure simulator:
// S5's bad instance RD0003 (Windows) is proposed with its risk and size, approved once by Bob, streamed to the
// simulated blob container (Put Block / Put Block List) and linked in the thread; a Linux app gets the steps to
// take instead; bad input and a missing container get clear answers. The Dump button on collect opens the same.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Azure,
  addOpsPeople,
  armCalls,
  BOB,
  blockText,
  clickAs,
  current,
  type Harness,
  OPS,
  opsPolicy,
  proposeVia,
  startAzureWith,
  startHarness,
  toldTo,
  USER,
} from "./harness.ts";

const policy = opsPolicy({ scope: "catalog-api, orders-api" }).replace(
  "actions: [restart,",
  "actions: [memoryDump, restart,",
);

let azure: Azure;
let h: Harness;

beforeAll(async () => {
  azure = await startAzureWith([
    ["S5", { minutesIn: 90 }],
    ["S3", { minutesIn: 60 }],
  ]);
  h = await startHarness(azure, { policyYaml: policy });
  addOpsPeople(h);
});
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

async function tell(text: string): Promise<string> {
  const before = toldTo(h, USER, OPS).length;
  await h.emu.driver.slashCommand(h.botUrl, { text, channelId: OPS, userId: USER });
  await h.idle(20_000);
  const said = toldTo(h, USER, OPS).slice(before);
  expect(said.length).toBeGreaterThanOrEqual(1);
  return said.join("\n");
}

describe("memory dump, approved in Slack", () => {
  it("proposes RD0003's w3wp with its size and risk, streams it once on approval and links the blob", async () => {
    const p = await proposeVia(h, "dump catalog-api --instance RD0003 --process w3wp");
    const shown = blockText(p.blocks);
    expect(shown).toMatch(/Memory dump of w3wp \(PID \d+\) on RD0003/);
    expect(shown).toMatch(/GET \/subscriptions\/.*\/sites\/catalog-api\/instances\/RD0003\/processes\/\d+\/dump/);
    expect(shown).toMatch(/paused while the dump is written \(about \d+ s for 7\.\d GB\)/);
    expect(armCalls(azure, "instanceProcesses.dump")).toBe(0);
    const asShown = structuredClone(p.blocks);

    await clickAs(h, OPS, p.ts, "appsvc_approve", BOB);
    expect(armCalls(azure, "instanceProcesses.dump")).toBe(1);
    const blocks = azure.sim.requests.filter((r) => r.route === "blob.put");
    expect(blocks.filter((r) => r.query.comp === "block").length).toBe(8); // 64 MiB in 8 MiB blocks
    expect(blocks.filter((r) => r.query.comp === "blocklist").length).toBe(1);
    const [name, blob] = [...azure.sim.blobs.committed][0];
    expect(name).toMatch(/^simdumps\/dumps\/catalog-api-rd0003-w3wp-\d+-\d{8}t\d{6}\.dmp$/);
    expect(blob.size).toBe(64 * 1024 * 1024);
    expect(blob.head.subarray(0, 4).toString("latin1")).toBe("MDMP");

    expect(current(h, OPS, p.ts).text).toMatch(/Done/);
    const thread = h.emu.store.thread(OPS, p.ts);
    const report = thread.find((m) => /Streaming the dump|Dump of/.test(m.text));
    expect(report?.text).toMatch(/Dump of w3wp written: catalog-api-RD0003-w3wp-\d+-.*\.dmp, 64(\.0)? MB in [\d.]+ s/);
    // Progress was shown first, in the same thread message that now holds the result.
    const progress = h.emu.calls.find(
      (c) =>
        c.method === "chat.postMessage" && /Streaming the dump of w3wp \(PID \d+\) on RD0003/.test(String(c.body.text)),
    );
    expect(progress?.body.thread_ts).toBe(p.ts);
    expect(blockText(report?.updates.at(-1)?.blocks)).toContain("/blob/simdumps/dumps/catalog-api-RD0003-w3wp");

    // Executed once: a click from a stale copy of the message (buttons still shown) changes nothing.
    const m = h.emu.store.findMessage(OPS, p.ts);
    if (!m) throw new Error("proposal message gone");
    const decided = m.blocks;
    m.blocks = asShown;
    await clickAs(h, OPS, p.ts, "appsvc_approve", BOB);
    m.blocks = decided;
    expect(armCalls(azure, "instanceProcesses.dump")).toBe(1);
  });

  it("bad input gets a clear answer: unknown instance, process not found, no --instance", async () => {
    expect(await tell("dump catalog-api --instance RD0009")).toMatch(
      /catalog-api has no instance RD0009 \(instances: RD0001, RD0002, RD0003, RD0004\)/,
    );
    expect(await tell("dump catalog-api --instance RD0001 --process dotnet")).toMatch(
      /No process dotnet on RD0001; it runs w3wp \(PID \d+\)/,
    );
    expect(await tell("dump catalog-api")).toMatch(/dump needs --instance/);
  });

  it("a Linux app gets the exact steps to take instead", async () => {
    const said = await tell("dump orders-api --instance lw0sdlwk000000");
    expect(said).toMatch(/orders-api runs on Linux: App Service has no memory-dump API for Linux apps/);
    expect(said).toMatch(/Collect a Memory Dump/);
    expect(said).toMatch(/dotnet-dump collect -p/);
    expect(said).toMatch(/auto-heal with a custom action/);
  });

  it("the Dump button on collect's process table opens the same proposal", async () => {
    await h.emu.driver.slashCommand(h.botUrl, { text: "collect catalog-api", channelId: OPS, userId: USER });
    await h.idle(20_000);
    const collected = h.emu.store
      .channelMessages(OPS)
      .find((m) => /RD0003: w3wp private bytes/.test(m.updates.at(-1)?.text ?? ""));
    expect(collected).toBeDefined();
    const shown = blockText(collected?.updates.at(-1)?.blocks);
    expect(shown).toContain("Dump w3wp on RD0003");
    const before = h.emu.store.channelMessages(OPS).length;
    await clickAs(h, OPS, collected?.ts ?? "", "appsvc_dump", USER);
    const after = h.emu.store.channelMessages(OPS);
    expect(after.length).toBe(before + 1);
    expect(blockText(after.at(-1)?.blocks)).toMatch(/Memory dump of w3wp \(PID \d+\) on RD0003/);
  });
});

describe("without a dump container", () => {
  it("says what to configure and proposes nothing", async () => {
    const h2 = await startHarness(azure, { policyYaml: policy, dumps: false, emu: h.emu });
    try {
      const before = toldTo(h, USER, OPS).length;
      await h.emu.driver.slashCommand(h2.botUrl, {
        text: "dump catalog-api --instance RD0003",
        channelId: OPS,
        userId: USER,
      });
      await h2.idle(20_000);
      const said = toldTo(h, USER, OPS).slice(before).join("\n");
      expect(said).toMatch(/Memory dumps need a blob container: set APPSVC_DUMPS_CONTAINER_URL/);
    } finally {
      await h2.close();
    }
  });
});
