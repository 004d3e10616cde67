// The bot's own actions of the last 24 h, from the append-only audit log: one entry per correlation id
// (request → approval → execution → result → verification), with who asked, who approved, the outcome
// and the verification. The same entries give each app's user-initiated restarts. Pure.
import type { ChangeEvent } from "../core/snapshot.ts";
import type { AuditEntry, Json } from "../store/store.ts";

export type ActionOutcome =
  | "succeeded"
  | "failed"
  /** The executor died after sending the call and the Activity Log could not say whether it happened. */
  | "unknown"
  /** The executor died and Azure has no record of the change: nothing was changed. */
  | "notDone"
  | "rejected"
  | "expired"
  | "cancelled"
  | "refused"
  | "pending";

export interface DigestAction {
  correlationId: string;
  /** "restart", "scale-out", … (from the request's detail). */
  action: string;
  app: string;
  requestedBy?: string;
  approvedBy?: string;
  /** When it was executed (or decided, when it never ran). */
  at: number;
  outcome: ActionOutcome;
  /** "verified" / "not verified" / a short text from the verification entry; undefined when none yet. */
  verification?: { ok: boolean | null; text: string };
}

const obj = (j: Json | undefined): Record<string, Json> =>
  j && typeof j === "object" && !Array.isArray(j) ? (j as Record<string, Json>) : {};
const str = (j: Json | undefined): string | undefined => (typeof j === "string" && j.trim() ? j : undefined);

function verificationOf(e: AuditEntry): DigestAction["verification"] {
  const d = obj(e.detail);
  const ok =
    typeof d.ok === "boolean"
      ? d.ok
      : typeof d.verified === "boolean"
        ? d.verified
        : str(d.outcome) === "verified" || str(d.outcome) === "recovered"
          ? true
          : str(d.outcome) === "not-verified" || str(d.outcome) === "failed"
            ? false
            : null;
  const text =
    str(d.summary) ?? str(d.message) ?? str(d.outcome) ?? (ok === null ? "checked" : ok ? "verified" : "not verified");
  return { ok, text };
}

const TERMINAL: Partial<Record<AuditEntry["kind"], ActionOutcome>> = {
  rejection: "rejected",
  expiry: "expired",
  cancellation: "cancelled",
  refusal: "refused",
  "executor-lost": "failed",
};

/**
 * An execution whose executor died is settled by the sweep from the Activity Log (docs/faults.md): its entry
 * says what Azure did, so a change Azure carried out is "succeeded", one it cannot account for "unknown".
 */
function executorLostOutcome(e: AuditEntry): ActionOutcome {
  const d = obj(e.detail);
  const reconciled = str(obj(d.reconciled).outcome);
  if (reconciled === "unknown") return "unknown";
  if (reconciled === "notDone") return "notDone";
  return str(d.state) === "succeeded" ? "succeeded" : "failed";
}

/** Groups audit entries by correlation id, newest action first. Only groups with an action name are kept. */
export function actionsFromAudit(entries: AuditEntry[]): DigestAction[] {
  const groups = new Map<string, AuditEntry[]>();
  for (const e of entries) {
    if (!e?.correlationId) continue;
    const g = groups.get(e.correlationId) ?? [];
    g.push(e);
    groups.set(e.correlationId, g);
  }
  const out: DigestAction[] = [];
  for (const [correlationId, g] of groups) {
    g.sort((a, b) => a.seq - b.seq);
    const action = g.map((e) => str(obj(e.detail).action) ?? str(obj(e.detail).kind)).find((a) => a);
    const app = g.find((e) => e.app)?.app ?? str(obj(g[0].detail).app);
    if (!action || !app) continue;
    const request = g.find((e) => e.kind === "request");
    const approval = g.find((e) => e.kind === "approval");
    const result = [...g].reverse().find((e) => e.kind === "result");
    const terminal = [...g].reverse().find((e) => TERMINAL[e.kind]);
    const verification = [...g].reverse().find((e) => e.kind === "verification");
    let outcome: ActionOutcome = "pending";
    if (result) {
      const d = obj(result.detail);
      const failed = d.ok === false || str(d.state) === "failed" || str(d.outcome) === "failed";
      outcome = failed ? "failed" : "succeeded";
    } else if (terminal?.kind === "executor-lost") outcome = executorLostOutcome(terminal);
    else if (terminal) outcome = TERMINAL[terminal.kind] ?? "failed";
    const executed = g.find((e) => e.kind === "execution");
    out.push({
      correlationId,
      action,
      app,
      ...(request ? { requestedBy: request.actor } : {}),
      ...(approval ? { approvedBy: approval.actor } : {}),
      at: (result ?? executed ?? terminal ?? g[g.length - 1]).at,
      outcome,
      ...(verification ? { verification: verificationOf(verification) } : {}),
    });
  }
  return out.sort((a, b) => b.at - a.at);
}

const RESTART_KINDS: Record<string, ChangeEvent["kind"]> = {
  restart: "restart",
  stop: "stop",
  start: "start",
  swap: "swap",
  swapback: "swap",
  "swap-back": "swap",
  autoheal: "config",
  "auto-heal": "config",
  healthcheck: "config",
  "health-check": "config",
  siteconfig: "config",
  appsetting: "config",
  "app-setting": "config",
};

/**
 * The bot's executed actions that restart the app (restart, stop/start, swap, config writes) as change
 * events for the app, so the digest's "user" restarts count what people asked the bot to do.
 */
export function userRestartEvents(actions: DigestAction[], appName: string): ChangeEvent[] {
  const name = appName.toLowerCase();
  return actions
    .filter((a) => a.app.toLowerCase() === name && (a.outcome === "succeeded" || a.outcome === "failed"))
    .flatMap((a): ChangeEvent[] => {
      const kind = RESTART_KINDS[a.action.toLowerCase()];
      return kind
        ? [
            {
              at: a.at,
              operation: `appsvc-bot ${a.action}`,
              kind,
              caller: a.approvedBy ?? a.requestedBy,
              source: "activityLog",
            },
          ]
        : [];
    });
}
