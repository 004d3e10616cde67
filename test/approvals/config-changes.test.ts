// Proposals that change configuration or one instance: auto-heal per OS (Windows AH-MEM; Linux never a
// memory trigger), health check, reboot of one worker, start/stop against the app's real state.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { approve } from "../../src/approvals/approve.ts";
import type { ActionDeps } from "../../src/approvals/deps.ts";
import { execute } from "../../src/approvals/execute.ts";
import { planFromMitigation, type WriteRequest } from "../../src/approvals/plan-from-intent.ts";
import { propose } from "../../src/approvals/propose.ts";
import type { Intent } from "../../src/command/index.ts";
import { parseCommand } from "../../src/command/index.ts";
import { DEV, LEAD, openWorld, type World } from "./harness.ts";

let w: World;
let deps: ActionDeps;

beforeAll(async () => {
  w = await openWorld([
    ["S1", { minutesIn: 180 }], // shop-api, Windows S1 × 1, leak (R08 → AH-MEM)
    ["S2"], // checkout-web, Linux P1v3 × 2
    ["S5", { minutesIn: 120 }], // catalog-api, Windows P1v3 × 4, RD0003 bad
    ["healthy", { appName: "legacy-admin" }],
  ]);
  const legacy = w.fleet.sites.find((s) => s.name === "legacy-admin");
  if (legacy) legacy.state = "Stopped";
});
afterAll(async () => {
  await w?.close();
});
beforeEach(() => {
  w.sim.requests.length = 0;
  deps = w.deps();
});

/** Every write intent of the command grammar is a WriteRequest (checked by tsc). */
const asRequest = (i: Extract<Intent, { write: true }>): WriteRequest => i;

function command(text: string): WriteRequest {
  const r = parseCommand(text);
  if (!r.ok || !("write" in r.intent) || !r.intent.write) throw new Error(`not a write command: ${text}`);
  return asRequest(r.intent);
}

async function proposeCommand(text: string) {
  const { snapshot } = await w.look(text.split(" ")[1], 60);
  return propose(deps, { actor: DEV, source: { kind: "intent", intent: command(text) }, snapshot });
}

describe("auto-heal", () => {
  it("Windows: the diagnosis' AH-MEM (80 % of 1.75 GiB) is proposed and written as given", async () => {
    const { snapshot, diagnosis } = await w.look("shop-api", 180);
    const m = diagnosis.mitigations.find((x) => x.kind === "autoHeal");
    const p = await propose(deps, { actor: DEV, source: { kind: "mitigation", mitigation: m! }, snapshot, diagnosis });
    if (!p.ok) throw new Error(p.reason);
    const rules = {
      triggers: { privateBytesInKB: 1468006 },
      actions: { actionType: "Recycle", minProcessExecutionTime: "00:10:00" },
    };
    expect(p.proposal).toMatchObject({
      action: "autoheal",
      operation: { op: "siteConfig", patch: { autoHealEnabled: true, autoHealRules: rules } },
      arm: { method: "PATCH", path: `${snapshot.app.id}/config/web` },
      change: { before: null, after: { autoHealEnabled: true, autoHealRules: rules } },
    });
    expect(p.proposal.risks.join(" ")).toMatch(/restarts the app/);
    expect((await approve(deps, { approvalId: p.approval.id, actor: LEAD })).ok).toBe(true);
    expect((await execute(deps, p.approval.id)).ok).toBe(true);
    expect(w.count("config.patch")).toBe(1);
    expect(w.fleet.sites.find((s) => s.name === "shop-api")?.config).toMatchObject({
      autoHealEnabled: true,
      autoHealRules: rules,
    });
  });

  it("Windows: the AH-MEM command computes the same trigger from the SKU", async () => {
    const p = await proposeCommand("autoheal catalog-api enable mem");
    // catalog-api runs P1v3: 80 % of 8 GiB.
    expect(p.ok && p.proposal.operation).toMatchObject({
      patch: { autoHealRules: { triggers: { privateBytesInKB: Math.floor(0.8 * 8 * 1024 * 1024) } } },
    });
  });

  it("Linux: a memory trigger is refused, from a command or from a Windows plan", async () => {
    const mem = await proposeCommand("autoheal checkout-web enable mem");
    expect(mem.ok ? "" : mem.reason).toMatch(/Linux auto-heal has no memory trigger/);
    const { snapshot: win, diagnosis } = await w.look("shop-api", 180);
    const ahMem = diagnosis.mitigations.find((x) => x.kind === "autoHeal");
    const { snapshot: linux } = await w.look("checkout-web", 60);
    expect(win.site.os).toBe("windows");
    const r = planFromMitigation(ahMem!, linux);
    expect(r.ok ? "" : r.reason).toMatch(/checkout-web runs on Linux: Linux auto-heal has no memory trigger/);
  });

  it("Linux: AH-LINUX recycles on slow requests and carries no privateBytesInKB", async () => {
    const p = await proposeCommand("autoheal checkout-web enable linux --trigger slow --count 40");
    if (!p.ok) throw new Error(p.reason);
    const json = JSON.stringify(p.proposal);
    expect(json).not.toMatch(/privateBytesInKB/);
    expect(p.proposal.operation).toMatchObject({
      patch: {
        autoHealEnabled: true,
        autoHealRules: {
          triggers: { slowRequests: { timeTaken: "00:01:00", count: 40, timeInterval: "00:05:00" } },
          actions: { actionType: "Recycle" },
        },
      },
    });
  });

  it("refuses a recycle guard under 5 minutes, and disabling what is already off", async () => {
    const fast = await proposeCommand("autoheal checkout-web enable slow --min-process-time 00:01:00");
    expect(fast.ok ? "" : fast.reason).toMatch(/minProcessExecutionTime 00:01:00 is below 00:05:00/);
    const off = await proposeCommand("autoheal checkout-web disable");
    expect(off).toEqual({ ok: false, reason: "Auto-heal is already off on checkout-web." });
  });
});

describe("diagnosis mitigations that are not approvable changes", () => {
  it("refuses advice and swap-back with a reason", async () => {
    const { snapshot, diagnosis } = await w.look("shop-api", 180);
    const advice = diagnosis.mitigations.find((m) => !m.write);
    expect(advice).toBeDefined();
    const r = planFromMitigation(advice!, snapshot);
    expect(r.ok ? "" : r.reason).toMatch(/is advice, not a change: there is nothing to approve/);
    const swap = planFromMitigation(
      {
        kind: "swapBack",
        write: true,
        title: "Swap back with slot staging",
        params: { targetSlot: "staging", preserveVnet: true },
        why: "R15 a swap broke it",
        change: { before: "new build", after: "previous build" },
        risk: "Swaps again.",
        armCall: `POST ${snapshot.app.id}/slotsswap`,
        fromRule: "R15",
      },
      snapshot,
    );
    expect(swap.ok ? "" : swap.reason).toMatch(/cannot swap slots yet/);
  });
});

describe("health check, reboot, start and stop", () => {
  it("health check: proposes the path with its risks and writes it", async () => {
    const p = await proposeCommand("healthcheck checkout-web /healthz");
    if (!p.ok) throw new Error(p.reason);
    expect(p.proposal.change).toEqual({ before: null, after: { healthCheckPath: "/healthz" } });
    expect(p.proposal.risks[0]).toMatch(/must answer 200–299/);
    expect((await approve(deps, { approvalId: p.approval.id, actor: LEAD })).ok).toBe(true);
    expect((await execute(deps, p.approval.id)).ok).toBe(true);
    expect(w.fleet.sites.find((s) => s.name === "checkout-web")?.config.healthCheckPath).toBe("/healthz");
  });

  it("--instance reboots that worker (canonical name) and warns about every app on it", async () => {
    const p = await proposeCommand("restart catalog-api --instance rd0003");
    if (!p.ok) throw new Error(p.reason);
    expect(p.proposal).toMatchObject({
      action: "reboot-worker",
      target: { instance: "RD0003" },
      operation: { op: "rebootWorker", worker: "RD0003" },
    });
    expect(p.approval.target.instance).toBe("RD0003");
    expect(p.proposal.risks[0]).toMatch(/every app of plan asp-catalog-api on it restarts/);
    expect((await approve(deps, { approvalId: p.approval.id, actor: LEAD })).ok).toBe(true);
    expect((await execute(deps, p.approval.id)).ok).toBe(true);
    expect(w.count("plans.rebootWorker")).toBe(1);
  });

  it("refuses an unknown instance, listing the real ones", async () => {
    const r = await proposeCommand("restart catalog-api --instance RD0009");
    expect(r.ok ? "" : r.reason).toMatch(/has no instance RD0009 \(instances: RD0001, RD0002, RD0003, RD0004\)/);
  });

  it("refuses to stop a stopped app (with its state), but starts it", async () => {
    const stop = await proposeCommand("stop legacy-admin");
    expect(stop).toEqual({ ok: false, reason: "legacy-admin is already Stopped." });
    const restart = await proposeCommand("restart legacy-admin");
    expect(restart.ok ? "" : restart.reason).toMatch(/is Stopped: a restart does not start it/);
    const start = await proposeCommand("start legacy-admin");
    if (!start.ok) throw new Error(start.reason);
    expect(start.proposal.change).toEqual({ before: { state: "Stopped" }, after: { state: "Running" } });
    expect((await approve(deps, { approvalId: start.approval.id, actor: LEAD })).ok).toBe(true);
    expect((await execute(deps, start.approval.id)).ok).toBe(true);
    expect(w.fleet.sites.find((s) => s.name === "legacy-admin")?.state).toBe("Running");
  });
});
