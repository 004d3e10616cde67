// Scale proposals end to end: scale out that fixes S2's spike, scale up through a 202 long-running PUT, the
// SKU limits, and the R19 guard (autoscale setting → its profile's minimum is raised; automatic scaling →
// the elastic limit is raised instead of a manual count).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { approve } from "../../src/approvals/approve.ts";
import type { ActionDeps } from "../../src/approvals/deps.ts";
import { execute } from "../../src/approvals/execute.ts";
import type { WriteRequest } from "../../src/approvals/plan-from-intent.ts";
import { propose } from "../../src/approvals/propose.ts";
import { verify } from "../../src/approvals/verify.ts";
import { parseCommand } from "../../src/command/index.ts";
import { MINUTE, type SimPlan } from "../../src/sim/azure/fleet.ts";
import { DEFAULT_SUBSCRIPTION } from "../../src/sim/azure/scenarios/index.ts";
import { DEV, LEAD, openWorld, simSleep, type World } from "./harness.ts";

let w: World;
let deps: ActionDeps;
const plan = (app: string) => {
  const site = w.fleet.sites.find((s) => s.name === app);
  return w.fleet.plans.find((p) => p.name === site?.planName) as SimPlan;
};

beforeAll(async () => {
  w = await openWorld([
    ["S2", { minutesIn: 60 }], // checkout-web, Linux P1v3 × 2, in the middle of the spike
    ["S1"], // shop-api, Windows S1 × 1
    ["healthy", { appName: "search-api" }], // P0v3 × 2: given an autoscale setting below
    ["healthy", { appName: "feed-api", resourceGroup: "rg-feed" }], // P0v3 × 2: given automatic scaling below
  ]);
  const search = plan("search-api");
  w.fleet.autoscaleSettings.push({
    subscriptionId: DEFAULT_SUBSCRIPTION,
    resourceGroup: search.resourceGroup,
    name: "search-autoscale",
    enabled: true,
    targetPlan: { resourceGroup: search.resourceGroup, name: search.name },
    profiles: [{ name: "default", capacity: { minimum: 2, maximum: 5, default: 2 } }],
  });
  Object.assign(plan("feed-api"), { elasticScaleEnabled: true, maximumElasticWorkerCount: 3 });
});
afterAll(async () => {
  await w?.close();
});
beforeEach(() => {
  w.sim.faults.clear();
  w.sim.requests.length = 0;
  deps = w.deps();
});

function command(text: string): WriteRequest {
  const r = parseCommand(text);
  if (!r.ok || !("write" in r.intent) || !r.intent.write) throw new Error(`not a write command: ${text}`);
  return r.intent;
}

async function proposeCommand(text: string) {
  const app = text.split(" ")[1];
  const { snapshot } = await w.look(app, 60);
  return propose(deps, { actor: DEV, source: { kind: "intent", intent: command(text) }, snapshot });
}

async function approveAndRun(id: string) {
  expect((await approve(deps, { approvalId: id, actor: LEAD })).ok).toBe(true);
  return execute(deps, id);
}

describe("scale out", () => {
  it("S2: the R17 scale-out (2 → 4) runs as one plan PUT and verification sees the load absorbed", async () => {
    const { snapshot, diagnosis } = await w.look("checkout-web", 60);
    const m = diagnosis.mitigations.find((x) => x.kind === "scaleOut");
    expect(m?.params.toCapacity).toBe(4);
    const p = await propose(deps, { actor: DEV, source: { kind: "mitigation", mitigation: m! }, snapshot, diagnosis });
    if (!p.ok) throw new Error(p.reason);
    expect(p.proposal).toMatchObject({
      action: "scale-out",
      operation: { op: "scalePlan", capacity: 4 },
      arm: { method: "PUT", path: snapshot.app.planId },
      change: { before: { sku: "P1v3", instances: 2 }, after: { sku: "P1v3", instances: 4 } },
      evidence: { rule: "R17" },
    });
    const x = await approveAndRun(p.approval.id);
    expect(x.ok).toBe(true);
    expect(w.count("plans.put")).toBe(1);
    expect(w.count("plans.patch")).toBe(0);
    expect(plan("checkout-web").sku.capacity).toBe(4);

    const v = await verify(deps, p.approval.id, {
      durationMs: 3 * MINUTE,
      pollMs: MINUTE,
      clock: w.clock,
      sleep: simSleep(w.clock),
    });
    if (!v.ok) throw new Error(v.reason);
    expect(v.outcome.summary).toMatch(/instances 2 → 4/);
    expect(v.outcome.after.errorRate).toBeLessThan(v.outcome.before.errorRate ?? 0);
    expect(v.outcome.recovered).toBe(true);
  });

  it("refuses a count beyond the SKU's maximum, naming the maximum", async () => {
    const r = await proposeCommand("scale shop-api out 11");
    expect(r).toMatchObject({ ok: false });
    expect(r.ok ? "" : r.reason).toMatch(/\(S1\) allows at most 10 instances; 11 is beyond it/);
    expect(w.sim.requests.filter((q) => q.method !== "GET")).toHaveLength(0);
  });

  it("refuses the current count", async () => {
    const r = await proposeCommand("scale search-api out 2");
    expect(r.ok ? "" : r.reason).toMatch(/already runs 2 instances|Autoscale/);
  });
});

describe("scale up", () => {
  it("runs through a 202 Accepted PUT and its polling", async () => {
    const p = await proposeCommand("scale shop-api up p1v3");
    if (!p.ok) throw new Error(p.reason);
    expect(p.proposal).toMatchObject({
      action: "scale-up",
      operation: { op: "scalePlan", skuName: "P1v3", skuTier: "PremiumV3" },
      change: { before: { sku: "S1", instances: 1 }, after: { sku: "P1v3", instances: 1 } },
    });
    expect(p.proposal.risks.join(" ")).toMatch(/may move the app to new instances/);
    w.sim.faults.add({ route: "plans.put", status: 202, times: 1 });
    const x = await approveAndRun(p.approval.id);
    if (!x.ok) throw new Error(x.reason);
    expect(x.write.status).toBe(202);
    expect(w.count("plans.operationResult")).toBeGreaterThanOrEqual(1);
    expect(plan("shop-api").sku).toMatchObject({ name: "P1v3", capacity: 1 });
  });

  it("refuses the SKU the plan already has", async () => {
    const r = await proposeCommand("scale checkout-web up P1v3");
    expect(r).toEqual({ ok: false, reason: "Plan asp-checkout-web is already on P1v3." });
  });

  it("is allowed under autoscale (autoscale does not reset a SKU)", async () => {
    const r = await proposeCommand("scale search-api up P1v3");
    expect(r.ok && r.proposal.operation).toEqual({ op: "scalePlan", skuName: "P1v3", skuTier: "PremiumV3" });
  });
});

describe("the R19 guard", () => {
  it("raises the autoscale profile's minimum instead of a manual count; approved: one GET, one PATCH, the plan follows", async () => {
    const { snapshot } = await w.look("search-api", 60);
    const p = await proposeCommand("scale search-api out 4");
    if (!p.ok) throw new Error(p.reason);
    expect(p.proposal).toMatchObject({
      action: "autoscale-profile",
      title: "Raise the minimum of profile “default” of autoscale setting search-autoscale to 4 instances",
      operation: {
        op: "autoscaleProfile",
        settingId: snapshot.autoscale?.id,
        capacity: { profileName: "default", minimum: 4, maximum: 5, default: 4 },
      },
      arm: { method: "PATCH", path: snapshot.autoscale?.id },
      change: {
        before: { profile: "default", minimum: 2, maximum: 5, default: 2, instances: 2 },
        after: { profile: "default", minimum: 4, maximum: 5, default: 4 },
      },
    });
    expect(p.proposal.risks.join(" ")).toMatch(/reset by autoscale on its next run/);
    const x = await approveAndRun(p.approval.id);
    expect(x.ok).toBe(true);
    expect(w.count("autoscale.get")).toBe(1);
    expect(w.count("autoscale.patch")).toBe(1);
    expect(w.count("plans.put") + w.count("plans.patch")).toBe(0);
    expect(w.fleet.autoscaleSettings.find((a) => a.name === "search-autoscale")?.profiles[0].capacity).toEqual({
      minimum: 4,
      maximum: 5,
      default: 4,
    });
    expect(plan("search-api").sku.capacity).toBe(4);
  });

  it("never lowers a profile's minimum: refused with where to do it, and audited", async () => {
    const r = await proposeCommand("scale search-api out 3");
    expect(r.ok).toBe(false);
    const reason = r.ok ? "" : r.reason;
    expect(reason).toMatch(
      /profile “default” of autoscale setting search-autoscale already keeps at least 4 instances \(maximum 5, default 4\)/,
    );
    expect(reason).toMatch(/edit the profile in the portal/);
    const [entry] = await w.store.listAudit({ app: "search-api", newestFirst: true, limit: 1 });
    expect(entry).toMatchObject({ kind: "refusal", detail: { reason } });
  });

  it("the diagnosis' autoscale-profile mitigation is re-planned on the fresh snapshot (maximum raised with it)", async () => {
    const { snapshot } = await w.look("search-api", 60);
    const r = await propose(deps, {
      actor: DEV,
      source: {
        kind: "mitigation",
        mitigation: {
          kind: "autoscaleProfile",
          write: true,
          title: "Raise autoscale profile “default” to [6..6]",
          params: { target: "autoscaleSetting", settingName: "search-autoscale", minimum: 6, maximum: 6, default: 6 },
          why: "R17 load",
          change: { before: "default: min 4, max 5", after: "default: min 6, max 6" },
          risk: "Costs more.",
          armCall: `PATCH /subscriptions/${DEFAULT_SUBSCRIPTION}/resourceGroups/rg-profile/providers/Microsoft.Insights/autoscalesettings/search-autoscale`,
          fromRule: "R17",
        },
      },
      snapshot,
    });
    if (!r.ok) throw new Error(r.reason);
    expect(r.proposal).toMatchObject({
      action: "autoscale-profile",
      source: "diagnosis",
      operation: { op: "autoscaleProfile", capacity: { profileName: "default", minimum: 6, maximum: 6, default: 6 } },
    });
  });

  it("raises the elastic maximum under automatic scaling instead of a manual count", async () => {
    const p = await proposeCommand("scale feed-api out 5");
    if (!p.ok) throw new Error(p.reason);
    expect(p.proposal).toMatchObject({
      action: "automatic-scaling",
      operation: { op: "planElastic", maximumElasticWorkerCount: 5 },
      arm: { method: "PATCH" },
      change: { before: 3, after: 5 },
    });
    const x = await approveAndRun(p.approval.id);
    expect(x.ok).toBe(true);
    expect(w.count("plans.patch")).toBe(1);
    expect(w.count("plans.put")).toBe(0);
    expect(plan("feed-api")).toMatchObject({ maximumElasticWorkerCount: 5, sku: { capacity: 2 } });
  });
});
