// App Home's "Pending approvals" and "Recent actions", read from the approval store: what an on-call
// engineer opening the tab at 3 a.m. needs to know is waiting or was just done.

import { outcomeUnknown } from "../approvals/audit.ts";
import type { WriteOperation } from "../approvals/proposal.ts";
import { readProposal } from "../approvals/proposal.ts";
import type { Approval, Store } from "../store/store.ts";
import type { PendingApproval, RecentAction } from "./views/index.ts";

const RECENT = 10;

const reconciled = (a: Approval) =>
  !!a.result && typeof a.result === "object" && !Array.isArray(a.result) && a.result.reconciled !== undefined;
const FINISHED = ["succeeded", "failed", "cancelled", "expired", "rejected"] as const;

/**
 * "recovered" / "not recovered" once verification ran (it is audited, not stored on the approval). An execution
 * settled from the Activity Log after its executor died (docs/faults.md) says so until it is verified (late);
 * one Azure cannot account for is "outcome unknown".
 */
async function outcomeOf(store: Store, a: Approval): Promise<string> {
  if (outcomeUnknown(a)) return "outcome unknown";
  if (a.state === "failed" && a.reason?.startsWith("not done")) return "not done";
  if (a.state !== "succeeded") return a.state;
  const entries = await store.listAudit({ approvalId: a.id, newestFirst: true, limit: 10 });
  const v = entries.find((e) => e.kind === "verification")?.detail as { recovered?: boolean } | undefined;
  if (v !== undefined) return v.recovered ? "recovered" : "not recovered";
  return reconciled(a) ? "succeeded (confirmed by the Activity Log)" : "succeeded (verifying)";
}

/**
 * The tab is personal: pending proposals the user asked for or may approve, and finished ones the user asked
 * for or approved. Nothing from channels the user has no part in.
 */
export async function homeActivity(
  store: Store,
  user: string,
  mayApprove: (a: Approval) => Promise<boolean>,
  /** Why Approve would be refused by the channel's limits now (the policy may have tightened), if it would. */
  outsideLimits: (a: Approval, op: WriteOperation) => Promise<string | undefined> = async () => undefined,
): Promise<{ pendingApprovals: PendingApproval[]; recentActions: RecentAction[] }> {
  const waiting = await store.listApprovals({ state: "pending", limit: 50 });
  const allowed = await Promise.all(waiting.map((a) => (a.requestedBy === user ? true : mayApprove(a))));
  const pending = waiting.filter((_, i) => allowed[i]);
  const finished = (await Promise.all(FINISHED.map((state) => store.listApprovals({ state, limit: RECENT }))))
    .flat()
    .filter((a) => a.requestedBy === user || a.approvedBy === user)
    .sort((x, y) => y.stateAt - x.stateAt)
    .slice(0, RECENT);
  const pendingApprovals: PendingApproval[] = [];
  for (const a of pending) {
    const p = readProposal(a.plan);
    if (!p) continue;
    const blocked = await outsideLimits(a, p.operation);
    pendingApprovals.push({
      id: a.id,
      app: p.target.app,
      title: p.title,
      requestedBy: a.requestedBy,
      requestedAt: a.requestedAt,
      expiresAt: a.expiresAt,
      ...(blocked ? { outsideLimits: blocked } : {}),
    });
  }
  const recentActions: RecentAction[] = [];
  for (const a of finished) {
    const p = readProposal(a.plan);
    if (!p) continue;
    recentActions.push({
      app: p.target.app,
      title: p.title,
      outcome: await outcomeOf(store, a),
      at: a.stateAt,
      ...(a.approvedBy ? { approvedBy: a.approvedBy } : {}),
    });
  }
  return { pendingApprovals, recentActions };
}
