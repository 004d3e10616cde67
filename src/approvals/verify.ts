// verify: after an executed change, re-read the app for a short while and say whether it recovered, with
// the figures before and after ("5xx 34% → 0.2%, all 3 instances healthy"); when it did not, a fresh
// diagnosis suggests what to try next. Audited as "verification".

import { diagnose } from "../core/diagnose.ts";
import { toJson } from "../core/json.ts";
import type { Window } from "../core/snapshot.ts";
import type { Approval } from "../store/store.ts";
import { appendSafely, entryFor, stateMessage } from "./audit.ts";
import type { ActionDeps } from "./deps.ts";
import { type Proposal, readProposal } from "./proposal.ts";
import { beforeFigures, type Check, compare, type Figures, figuresOf, recovered, summaryOf } from "./verify-figures.ts";

export interface VerifyOptions {
  /** How long to watch at most (default 5 min). */
  durationMs?: number;
  /** Between reads (default 30 s). */
  pollMs?: number;
  clock?: { now(): number };
  sleep?: (ms: number) => Promise<void>;
  /** The "before" window ends at execution (default 15 min long). */
  beforeMs?: number;
  /** Each poll's interim result, for a live message. */
  onPoll?: (p: { elapsedMs: number; recovered: boolean; summary: string }) => void;
  /**
   * The watch ends here (default: `durationMs` from now). A verification taken over from a replica that
   * died keeps the original end: executed + durationMs; past it, the app is read once at once.
   */
  until?: number;
  /** Stops the watch between reads (shutdown): the verification then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface VerifyOutcome {
  recovered: boolean;
  summary: string;
  /** The next suggestion when it did not recover (from a fresh diagnosis). */
  next?: string;
  before: Figures;
  after: Figures;
  checks: Check[];
  window: Window;
}

export type VerifyResult = { ok: true; outcome: VerifyOutcome } | { ok: false; reason: string };

export const VERIFY_DEFAULTS = { durationMs: 5 * 60_000, pollMs: 30_000, beforeMs: 15 * 60_000 };
/** The first minute after a change is its own blip: judge from the next one when there is time. */
const SETTLE_MS = 60_000;
/** Consecutive good polls that end the watch early. */
const STABLE_POLLS = 2;
/** Lookback of the diagnosis behind "next". */
const NEXT_LOOKBACK_MS = 60 * 60_000;

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `sleep`, cut short by `signal`. */
function sleepUnless(sleep: (ms: number) => Promise<void>, ms: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return sleep(ms);
  signal.throwIfAborted();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    sleep(ms)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** When the change ran: recorded by its executor, or by the Activity Log when the executor was lost. */
export function executedAtOf(a: Approval): number {
  const r = a.result;
  const res = r && typeof r === "object" && !Array.isArray(r) ? r : {};
  if (typeof res.executedAt === "number") return res.executedAt;
  const rec = res.reconciled;
  if (rec && typeof rec === "object" && !Array.isArray(rec) && typeof rec.at === "number") return rec.at;
  return a.stateAt;
}

/**
 * A suggestion other than repeating what did not help. The bot's own change (same ARM correlation id) is
 * left out of the recent changes: it is the mitigation, not a suspect.
 */
async function nextStep(
  deps: ActionDeps,
  p: Proposal,
  correlationId: string,
  now: number,
): Promise<string | undefined> {
  const snap = await deps.fleet.snapshot(p.target.app, { start: now - NEXT_LOOKBACK_MS, end: now });
  const ours = correlationId.toLowerCase();
  const changes = snap.changes.filter((c) => c.correlationId?.toLowerCase() !== ours);
  const d = diagnose({ ...snap, changes }, { explicit: true, now });
  const same = (kind: string) =>
    (kind === "restart" && (p.operation.op === "restart" || p.operation.op === "rebootWorker")) ||
    (kind === "scaleOut" && p.action === "scale-out") ||
    (kind === "scaleUp" && p.action === "scale-up");
  const m = d.mitigations.find((x) => !same(x.kind));
  const cause = d.primary ? `${d.primary.id} ${d.primary.title}` : d.summary;
  return m ? `${m.title} (${cause})` : cause || undefined;
}

export async function verify(deps: ActionDeps, approvalId: string, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const clock = opts.clock ?? { now: deps.now };
  const sleep = opts.sleep ?? realSleep;
  const durationMs = opts.durationMs ?? VERIFY_DEFAULTS.durationMs;
  const pollMs = Math.max(1, opts.pollMs ?? VERIFY_DEFAULTS.pollMs);
  const a = await deps.store.getApproval(approvalId);
  if (!a) return { ok: false, reason: "That request no longer exists." };
  if (a.state !== "succeeded") return { ok: false, reason: `Nothing to verify: ${stateMessage(a, deps.timeZone)}` };
  const p = readProposal(a.plan);
  if (!p) return { ok: false, reason: "The stored plan of this approval is unreadable." };
  const executedAt = executedAtOf(a);
  const app = p.target.app;

  deps.fleet.invalidate?.(app.id);
  const beforeSnap = await deps.fleet.snapshot(app, {
    start: executedAt - (opts.beforeMs ?? VERIFY_DEFAULTS.beforeMs),
    end: executedAt,
  });
  const before = beforeFigures(beforeSnap, p);
  const started = clock.now();
  const until = opts.until ?? started + durationMs;
  let last: { checks: Check[]; after: Figures; window: Window; recovered: boolean } | undefined;
  let good = 0;
  do {
    const left = until - clock.now();
    if (left > 0) await sleepUnless(sleep, Math.min(pollMs, left), opts.signal);
    opts.signal?.throwIfAborted();
    const now = clock.now();
    const window = { start: Math.min(executedAt + SETTLE_MS, Math.max(executedAt, now - SETTLE_MS)), end: now };
    deps.fleet.invalidate?.(app.id);
    const snap = await deps.fleet.snapshot(app, window);
    const after = figuresOf(snap);
    const checks = compare(p, before, after, snap);
    const ok = recovered(p, checks);
    last = { checks, after, window, recovered: ok };
    opts.onPoll?.({ elapsedMs: now - started, recovered: ok, summary: summaryOf(checks) });
    good = ok ? good + 1 : 0;
    if (good >= STABLE_POLLS) break;
  } while (clock.now() < until);

  const outcome: VerifyOutcome = {
    recovered: last.recovered,
    summary: summaryOf(last.checks),
    before,
    after: last.after,
    checks: last.checks,
    window: last.window,
  };
  if (!outcome.recovered) {
    outcome.next = await nextStep(deps, p, a.correlationId, clock.now()).catch((err: unknown) => {
      deps.log.warn({ approvalId, err: String(err) }, "next-step diagnosis failed");
      return undefined;
    });
  }
  await appendSafely(
    deps.store,
    entryFor(
      a,
      "verification",
      "system",
      {
        recovered: outcome.recovered,
        summary: outcome.summary,
        ...(outcome.next ? { next: outcome.next } : {}),
        before: toJson(before),
        after: toJson(outcome.after),
      },
      clock.now(),
    ),
    deps.log,
  );
  return { ok: true, outcome };
}
