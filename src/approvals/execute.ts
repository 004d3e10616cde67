// execute: runs an approved proposal's one ARM call, exactly once across clicks, replicas and restarts.
// claimExecution (approved → executing with a lease) admits one executor; the lease is renewed while the
// call runs; the outcome is recorded by the lease owner. A failure is reported and audited, never retried.

import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { DomainError } from "../core/errors.ts";
import { toJsonObject } from "../core/json.ts";
import { keepRenewing } from "../core/keep-renewing.ts";
import type { AzureWriter, WriteResult } from "../core/writer.ts";
import type { Approval, Json, Store } from "../store/store.ts";
import { appendSafely, entryFor, stateMessage } from "./audit.ts";
import { type ActionDeps, type ActionLog, DEFAULT_LEASE_MS } from "./deps.ts";
import { type Proposal, readProposal } from "./proposal.ts";

export type ExecuteResult =
  | { ok: true; approval: Approval; write: WriteResult }
  /** `approval` is its state now; `error` is set when Azure refused or failed the call. */
  | { ok: false; reason: string; approval?: Approval; error?: DomainError };

const PROCESS_OWNER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** This replica's name on leases (executions, verifications). */
export const ownerOf = (deps: Pick<ActionDeps, "owner">): string => deps.owner ?? PROCESS_OWNER;

/** The one writer call a proposal stands for; the approval's correlation id goes to ARM with it. */
export function runOperation(
  writer: AzureWriter,
  p: Proposal,
  correlationId: string,
  onProgress?: (bytes: number) => void,
): Promise<WriteResult> {
  const app = p.target.app;
  const o = { correlationId };
  const op = p.operation;
  switch (op.op) {
    case "memoryDump":
      return writer.memoryDump(
        app,
        { instance: op.instance, pid: op.pid, blobName: op.blobName },
        { ...o, ...(onProgress ? { onProgress } : {}) },
      );
    case "restart":
      return writer.restart(app, { soft: op.soft, ...o });
    case "start":
      return writer.start(app, o);
    case "stop":
      return writer.stop(app, o);
    case "rebootWorker":
      return writer.rebootWorker(app.planId, op.worker, o);
    case "scalePlan":
      return writer.scalePlan(app.planId, { capacity: op.capacity, skuName: op.skuName, skuTier: op.skuTier }, o);
    case "planElastic":
      return writer.updatePlanElastic(app.planId, { maximumElasticWorkerCount: op.maximumElasticWorkerCount }, o);
    case "siteConfig":
      return writer.updateSiteConfig(app, op.patch, o);
    case "appSettings":
      return writer.updateAppSettings(app, op.settings, o);
    case "autoscaleProfile":
      return writer.updateAutoscaleProfile(op.settingId, op.capacity, o);
  }
}

/** Keeps the lease alive while a slow call (a long-running plan PUT) runs. */
function renewWhileRunning(store: Store, id: string, owner: string, leaseMs: number, log: ActionLog): () => void {
  const renewal = keepRenewing(
    async () => (await store.renewLease(id, owner, leaseMs)).ok,
    Math.max(1_000, Math.floor(leaseMs / 3)),
    {
      lost: () => log.warn({ approvalId: id, owner }, "execution lease lost"),
      error: (err) => log.warn({ approvalId: id, err: String(err) }, "lease renewal failed"),
    },
  );
  return () => renewal.stop();
}

export function errorText(err: unknown): string {
  if (err instanceof DomainError) return err.hint ? `${err.userMessage} ${err.hint}` : err.userMessage;
  return err instanceof Error ? err.message : String(err);
}

function errorJson(err: unknown): Json {
  return err instanceof DomainError
    ? { kind: err.kind, message: err.userMessage, ...(err.hint ? { hint: err.hint } : {}), call: err.call ?? null }
    : { kind: "internal", message: errorText(err) };
}

export async function execute(
  deps: ActionDeps,
  approvalId: string,
  opts: { onProgress?: (bytes: number) => void } = {},
): Promise<ExecuteResult> {
  const { store, log } = deps;
  const owner = ownerOf(deps);
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const before = await store.getApproval(approvalId);
  if (!before) return { ok: false, reason: "That request no longer exists." };
  if (before.state !== "approved") return { ok: false, reason: stateMessage(before, deps.timeZone), approval: before };
  const proposal = readProposal(before.plan);
  const claim = await store.claimExecution(
    approvalId,
    leaseMs,
    owner,
    entryFor(before, "execution", owner, { phase: "start", owner, leaseMs, operation: before.params }),
  );
  if (!claim.ok) return { ok: false, reason: stateMessage(claim.current, deps.timeZone), approval: claim.current };
  const a = claim.approval;

  let write: WriteResult | undefined;
  let error: unknown;
  if (!proposal) {
    error = new Error("the stored plan of this approval is unreadable; nothing was sent to Azure");
  } else {
    const stop = renewWhileRunning(store, approvalId, owner, leaseMs, log);
    try {
      write = await runOperation(deps.writer, proposal, a.correlationId, opts.onProgress);
    } catch (err) {
      error = err;
    } finally {
      stop();
    }
    deps.fleet.invalidate?.(proposal.target.app.id);
  }
  const at = deps.now();
  const arm = proposal ? { method: proposal.arm.method, path: proposal.arm.path } : null;
  if (proposal) {
    await appendSafely(
      store,
      entryFor(
        a,
        "arm-call",
        owner,
        write ? { arm, ...toJsonObject(write) } : { arm, correlationId: a.correlationId, error: errorJson(error) },
        at,
      ),
      log,
    );
  }
  const reason = write ? undefined : errorText(error);
  const fin = await store.finishExecution(approvalId, {
    owner,
    state: write ? "succeeded" : "failed",
    result: write
      ? { ...toJsonObject(write), executedAt: at }
      : { correlationId: a.correlationId, executedAt: at, error: errorJson(error) },
    ...(reason ? { reason } : {}),
    audit: entryFor(a, "result", owner, write ? { state: "succeeded" } : { state: "failed", reason: reason ?? "" }, at),
  });
  if (!fin.ok) {
    // The sweep declared this executor lost while the call ran: say what really happened.
    await appendSafely(
      store,
      entryFor(
        a,
        "result",
        owner,
        { state: write ? "succeeded" : "failed", note: "recorded after the lease lapsed" },
        at,
      ),
      log,
    );
    log.warn({ approvalId, owner, state: fin.current.state }, "execution finished after its lease lapsed");
  }
  const approval = fin.ok ? fin.approval : fin.current;
  log.info({ approvalId, correlationId: a.correlationId, ok: write !== undefined, reason }, "executed");
  if (write) return { ok: true, approval, write };
  return {
    ok: false,
    reason: reason ?? "failed",
    approval,
    ...(error instanceof DomainError ? { error } : {}),
  };
}
