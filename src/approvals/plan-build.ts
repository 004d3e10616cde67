// One change request (from a command or a diagnosis button) + a fresh snapshot → a checked draft: the exact
// operation, the ARM call, before → after and the risks, or a refusal that says why. Pure.
import type { AutoHealRules, Snapshot } from "../core/snapshot.ts";
import type { Json } from "../store/store.ts";
import { checkRules } from "./autoheal-rules.ts";
import { configDraft, count, draft, noConfig, RISK } from "./plan-draft.ts";
import { type DumpRequest, dumpDraft } from "./plan-dump.ts";
import { elastic, guardedScaleOut, scaleUp } from "./plan-scale.ts";
import { type PlanResult, type ProposalEvidence, refuse } from "./proposal.ts";

export type ChangeRequest =
  | { kind: "restart"; soft: boolean }
  | { kind: "rebootWorker"; worker: string }
  | { kind: "start" }
  | { kind: "stop" }
  | { kind: "scaleOut"; capacity: number }
  | { kind: "scaleUp"; sku: string }
  | { kind: "autoHeal"; enabled: true; rules: AutoHealRules; preset?: string }
  | { kind: "autoHeal"; enabled: false }
  | { kind: "healthCheck"; path: string }
  | { kind: "siteConfig"; property: "alwaysOn" | "use32BitWorkerProcess"; value: boolean }
  | { kind: "appSetting"; settings: Record<string, string> }
  | { kind: "elastic"; property: "maximumElasticWorkerCount" | "minimumElasticInstanceCount"; value: number }
  | DumpRequest;

/** Checks `req` against the app as it is now and builds the draft. */
export function draftFor(req: ChangeRequest, s: Snapshot, evidence?: ProposalEvidence): PlanResult {
  const r = build(req, s);
  if (r.ok && evidence) r.draft.evidence = evidence;
  return r;
}

function build(req: ChangeRequest, s: Snapshot): PlanResult {
  const id = s.app.id;
  const state = s.site.state;
  switch (req.kind) {
    case "restart": {
      if (state.toLowerCase() === "stopped")
        return refuse(`${s.app.name} is Stopped: a restart does not start it. Use start.`);
      const risks: string[] = [RISK.restart, ...(req.soft ? [RISK.soft] : []), ...(count(s) < 2 ? [RISK.single] : [])];
      return {
        ok: true,
        draft: draft(
          s,
          "restart",
          `${req.soft ? "Soft-restart" : "Restart"} ${s.app.slot ? `slot ${s.app.slot} of ` : ""}${s.app.name} (all instances)`,
          { op: "restart", soft: req.soft },
          { method: "POST", path: `${id}/restart?softRestart=${req.soft}&synchronous=false` },
          { before: { state, instances: count(s) }, after: { state: "Running", restarted: true } },
          risks,
        ),
      };
    }
    case "rebootWorker": {
      const found = s.instances.find((i) => i.name.toLowerCase() === req.worker.toLowerCase());
      if (!found) {
        const names = s.instances.map((i) => i.name).join(", ") || "none listed";
        return refuse(`${s.app.name} has no instance ${req.worker} (instances: ${names}).`);
      }
      const w = found.name;
      return {
        ok: true,
        draft: draft(
          s,
          "reboot-worker",
          `Reboot instance ${w} of plan ${s.plan.name}`,
          { op: "rebootWorker", worker: w },
          { method: "POST", path: `${s.app.planId}/workers/${w}/reboot` },
          { before: { instance: w, state: found.state }, after: { instance: w, rebooted: true } },
          [
            `Reboots worker ${w}: every app of plan ${s.plan.name} on it restarts${(s.plan.numberOfSites ?? 1) > 1 ? ` (${s.plan.numberOfSites} apps on the plan)` : ""}; the other instances keep serving.`,
            ...(count(s) < 2 ? [RISK.single] : []),
          ],
          { instance: w },
        ),
      };
    }
    case "start":
    case "stop": {
      const want = req.kind === "start" ? "Running" : "Stopped";
      if (state.toLowerCase() === want.toLowerCase()) return refuse(`${s.app.name} is already ${state}.`);
      return {
        ok: true,
        draft: draft(
          s,
          req.kind,
          `${req.kind === "start" ? "Start" : "Stop"} ${s.app.name}`,
          { op: req.kind },
          { method: "POST", path: `${id}/${req.kind}` },
          { before: { state }, after: { state: want } },
          [req.kind === "start" ? RISK.start : RISK.stop],
        ),
      };
    }
    case "scaleOut":
      return guardedScaleOut(s, req.capacity);
    case "scaleUp":
      return scaleUp(s, req.sku);
    case "autoHeal": {
      const cfg = s.config;
      if (!cfg) return refuse(noConfig(s));
      const before = (cfg.autoHealEnabled ? (cfg.autoHealRules ?? {}) : null) as Json;
      if (!req.enabled) {
        if (!cfg.autoHealEnabled) return refuse(`Auto-heal is already off on ${s.app.name}.`);
        return configDraft(s, "autoheal", `Disable auto-heal on ${s.app.name}`, { autoHealEnabled: false }, before);
      }
      const checked = checkRules(req.rules, s);
      if (!checked.ok) return refuse(checked.reason);
      const title = `Enable auto-heal${req.preset ? ` ${req.preset}` : ""} on ${s.app.name}`;
      return configDraft(s, "autoheal", title, { autoHealEnabled: true, autoHealRules: req.rules }, before);
    }
    case "healthCheck": {
      if (!req.path.startsWith("/")) return refuse(`The health check path must start with "/" (got "${req.path}").`);
      if (!s.config) return refuse(noConfig(s));
      if (s.config.healthCheckPath === req.path) return refuse(`Health check is already on ${req.path}.`);
      const r = configDraft(
        s,
        "healthcheck",
        `Enable health check on ${req.path}`,
        { healthCheckPath: req.path },
        s.config.healthCheckPath ?? null,
      );
      if (r.ok)
        r.draft.risks.unshift(
          "The path must answer 200–299 within 1 min without redirects or auth, or instances get evicted.",
        );
      return r;
    }
    case "siteConfig": {
      if (!s.config) return refuse(noConfig(s));
      const before = s.config[req.property];
      if (before === req.value) return refuse(`${req.property} is already ${req.value}.`);
      return configDraft(
        s,
        "site-config",
        `Set ${req.property} to ${req.value}`,
        { [req.property]: req.value },
        before,
      );
    }
    case "appSetting":
      return appSettings(s, req.settings);
    case "elastic":
      return elastic(s, req.property, req.value);
    case "memoryDump":
      return dumpDraft(s, req, new Date(s.takenAt).toISOString().replace(/[-:]/g, "").slice(0, 15));
  }
}

function appSettings(s: Snapshot, settings: Record<string, string>): PlanResult {
  const names = Object.keys(settings);
  if (names.length === 0) return refuse("No app setting to change.");
  const current = s.appSettings;
  if (current && names.every((k) => current[k] === settings[k]))
    return refuse(`${names.map((k) => `${k}=${settings[k]}`).join(", ")} is already set.`);
  const before: Record<string, Json> = {};
  for (const k of names) before[k] = current ? (current[k] ?? null) : "unknown (settings not readable)";
  return {
    ok: true,
    draft: draft(
      s,
      "app-setting",
      `Set ${names.map((k) => `${k}=${settings[k]}`).join(", ")} on ${s.app.name}`,
      { op: "appSettings", settings },
      {
        method: "PUT",
        path: `${s.app.id}/config/appsettings`,
        body: { properties: settings },
        note: "POST config/appsettings/list first (needs Microsoft.Web/sites/config/list/action); the merged full list is PUT back.",
      },
      { before, after: settings },
      [RISK.settings],
    ),
  };
}
