// /appsvc collect through the real Bolt app (signed HTTP), the Slack emulator and the HTTPS Azure simulator:
// a Windows app with a bad instance (S5, catalog-api, RD0003) and a Linux container on the wrong port (S3,
// orders-api, with a unique default hostname so Kudu is reached on <app>-<hash>.scm.<region>-01.…).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredMessage } from "../../src/sim/slack/store.ts";
import { type Azure, blockText, type Harness, newChannel, startAzureWith, startHarness, USER } from "./harness.ts";

let azure: Azure;
let h: Harness;

beforeAll(async () => {
  azure = await startAzureWith([
    ["S5", { minutesIn: 90 }],
    ["S3", { minutesIn: 60 }],
  ]);
  const orders = azure.fleet.sites.find((s) => s.name === "orders-api");
  if (orders) orders.uniqueHostName = true;
  h = await startHarness(azure);
});
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

async function run(text: string, channel = newChannel(h)) {
  const ack = await h.emu.driver.slashCommand(h.botUrl, { text, channelId: channel, userId: USER });
  expect(ack.status).toBe(200);
  await h.idle(20_000);
  const messages = h.emu.store.channelMessages(channel);
  expect(messages).toHaveLength(1);
  return { channel, m: messages[0] as StoredMessage };
}

const routes = (id: string) => h.azure.sim.requests.filter((r) => r.route === id);

describe("collect on Windows (S5: RD0003 is the bad instance)", () => {
  it("leads with the outlier process, reads every Windows source and attaches the raw material", async () => {
    const { channel, m } = await run("collect catalog-api");
    expect(m.text).toMatch(/RD0003: w3wp private bytes 7\.\d GB, \d\.\d× the other instances; started/);
    const text = blockText(m.blocks);
    expect(text).toContain("Diagnostics:");
    expect(text).toContain("sitememoryanalysis");
    // No container on a Windows code app: said, not silently absent.
    expect(text).toMatch(/Container log:\*? Container logs exist only for Linux/);
    expect(text).toMatch(/Log stream:\*? .* captured from `catalog-api\.scm\.azurewebsites\.net`/);
    expect(routes("containerLogs.tail")).toHaveLength(0);
    expect(
      routes("instanceProcesses.list")
        .map((r) => r.path.split("/")[10])
        .sort(),
    ).toEqual(["RD0001", "RD0002", "RD0003", "RD0004"]);
    const files = h.emu.store.filesIn(channel, m.ts);
    const byName = new Map(files.map((f) => [f.name, f]));
    expect([...byName.keys()].sort()).toEqual([
      "diagnostics-catalog-api.json",
      "logstream-catalog-api.txt",
      "processes-catalog-api.json",
    ]);
    expect(byName.get("diagnostics-catalog-api.json")?.mimetype).toBe("application/json");
    expect(byName.get("logstream-catalog-api.txt")?.mimetype).toBe("text/plain");
    const procs = JSON.parse(byName.get("processes-catalog-api.json")?.bytes?.toString("utf8") ?? "{}");
    expect(procs.outlier).toMatchObject({ instance: "RD0003", name: "w3wp", metric: "privateBytes" });
    const diag = JSON.parse(byName.get("diagnostics-catalog-api.json")?.bytes?.toString("utf8") ?? "{}");
    expect(Object.keys(diag)).toEqual(expect.arrayContaining(["appDownAnalysis", "sitememoryanalysis"]));
    // Kudu was called with a bearer token (the pipeline answers 401 otherwise), never basic auth.
    expect(routes("kudu.logstream").every((r) => r.status === 200)).toBe(true);
  });

  it("--instance narrows the process list to that worker", async () => {
    const before = routes("instanceProcesses.list").length;
    const { m } = await run("collect catalog-api --instance rd0002");
    expect(
      routes("instanceProcesses.list")
        .slice(before)
        .map((r) => r.path.split("/")[10]),
    ).toEqual(["RD0002"]);
    expect(blockText(m.blocks)).toMatch(/2 processes on 1 instance/);
  });

  it("an unknown instance gets a clear answer listing the instances", async () => {
    const { m } = await run("collect catalog-api --instance RD0009");
    expect(m.text).toContain("catalog-api has no running instance RD0009");
    expect(m.text).toContain("RD0001, RD0002, RD0003, RD0004");
  });

  it("a 403 names the missing action, the scope and the role; the other sources still answer", async () => {
    h.azure.sim.faults.add({ route: "instanceProcesses.list", status: 403 });
    const { m } = await run("collect catalog-api");
    h.azure.sim.faults.clear();
    const text = blockText(m.blocks);
    expect(text).toMatch(
      /Processes:\*? The bot's Azure identity lacks permission 'Microsoft\.Web\/sites\/instances\/processes\/read' on app 'catalog-api'/,
    );
    expect(text).toMatch(/Grant it the Reader role/);
    expect(text).toMatch(/✅ \*Diagnostics:/);
  });

  it("Kudu refusing the token names Microsoft.Web/sites/publish/Action and the role", async () => {
    h.azure.sim.faults.add({ route: "kudu.logstream", status: 403, times: 1 });
    const { m } = await run("collect catalog-api");
    expect(blockText(m.blocks)).toMatch(
      /Log stream:\*? The bot's Azure identity lacks permission 'Microsoft\.Web\/sites\/publish\/Action'/,
    );
    expect(blockText(m.blocks)).toMatch(/Website Contributor/);
  });
});

describe("collect on Linux (S3: the container listens on 3000, pinged on 80)", () => {
  it("leads with the failed pings, marks startup and crash lines, zips the logs; processes explain themselves", async () => {
    const { channel, m } = await run("collect orders-api");
    expect(m.text).toMatch(/didn't respond to HTTP pings on port: 80/);
    const text = blockText(m.blocks);
    expect(text).toMatch(/Processes:\*? The process list \(ARM instance-process API\) is for Windows apps/);
    expect(routes("instanceProcesses.list").filter((r) => r.path.includes("orders-api"))).toHaveLength(0);
    // The unique default hostname's SCM host, from enabledHostNames.
    expect(text).toMatch(/captured from `orders-api-[0-9a-f]{16}\.scm\.westeurope-01\.azurewebsites\.net`/);
    const files = h.emu.store.filesIn(channel, m.ts);
    const log = files.find((f) => f.name === "container-log-orders-api.txt");
    const body = log?.bytes?.toString("utf8") ?? "";
    expect(body).toMatch(/^!! .*didn't respond to HTTP pings on port: 80/m);
    expect(body).toMatch(/^>> .*docker run -d --expose=80/m);
    expect(body).toMatch(/Server listening on http:\/\/0\.0\.0\.0:3000/);
    const zip = files.find((f) => f.name === "container-logs-orders-api.zip");
    expect(zip?.mimetype).toBe("application/zip");
    expect(zip?.bytes?.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
  });
});

describe("the Collect button", () => {
  it("is on status and answers in the status message's thread", async () => {
    const { channel, m } = await run("status catalog-api");
    expect(blockText(m.blocks)).toContain("appsvc_collect");
    const click = await h.emu.driver.clickButton(h.botUrl, {
      channelId: channel,
      messageTs: m.ts,
      actionId: "appsvc_collect",
    });
    expect(click.status).toBe(200);
    await h.idle(20_000);
    const reply = h.emu.store.thread(channel, m.ts).find((r) => r.via === "chat.postMessage");
    expect(reply?.text).toMatch(/RD0003: w3wp private bytes/);
    // Answered in the status message's thread, so its files are in that thread too.
    expect(h.emu.store.filesIn(channel, m.ts).map((f) => f.name)).toContain("processes-catalog-api.json");
  });
});
