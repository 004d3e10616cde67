// Propose, from a command (`restart shop-api`) or a fix button: resolve the app, read it fresh, diagnose
// (the evidence), ask the use case, then post the proposal in the channel with Approve and Cancel. Refusals
// go back to the asker only (ephemeral); the use case audits them.
import { cancel } from "../../../approvals/cancel.ts";
import type { WriteRequest } from "../../../approvals/plan-from-intent.ts";
import { type ProposeSource, propose } from "../../../approvals/propose.ts";
import { type AppQuery, appQueryText, type Intent } from "../../../command/index.ts";
import type { Diagnosis, Mitigation } from "../../../core/diagnosis.ts";
import type { Snapshot } from "../../../core/snapshot.ts";
import type { RequestContext } from "../../../door/request-context.ts";
import { withDeadline } from "../../../reads/deadline.ts";
import { readApp } from "../../../reads/read-app.ts";
import type { BotContext } from "../../context.ts";
import { inviteMessage } from "../../notices.ts";
import { refusalView, resolutionView, type SlackMessage } from "../../views/index.ts";
import { proposalMessage } from "./message.ts";
import { proposeDump } from "./propose-dump.ts";

export type WriteIntent = Extract<Intent, { write: true }>;

/** Lookback of the diagnosis behind a proposal's evidence. */
const EVIDENCE_WINDOW_MS = 3 * 3_600_000;

/** Ephemeral answer to the asker only. */
export type Tell = (m: SlackMessage) => Promise<void>;

export function writeRequestOf(i: WriteIntent): WriteRequest {
  switch (i.verb) {
    case "restart":
      return { verb: "restart", soft: i.soft, ...(i.instance ? { instance: i.instance } : {}) };
    case "start":
    case "stop":
      return { verb: i.verb };
    case "scale":
      return i.direction === "out"
        ? { verb: "scale", direction: "out", instances: i.instances }
        : { verb: "scale", direction: "up", sku: i.sku };
    case "autoheal":
      return i.action === "disable"
        ? { verb: "autoheal", action: "disable" }
        : { verb: "autoheal", action: "enable", preset: i.preset, params: i.params };
    case "healthcheck":
      return { verb: "healthcheck", path: i.path };
    case "dump":
      return { verb: "dump", instance: i.instance, ...(i.process !== undefined ? { process: i.process } : {}) };
  }
}

export async function proposeFromCommand(
  bot: BotContext,
  ctx: RequestContext,
  intent: WriteIntent,
  tell: Tell,
): Promise<void> {
  if (intent.verb === "dump") return proposeDump(bot, ctx, intent, tell);
  await proposeFor(bot, ctx, intent.app, intent.verb, tell, () => ({
    kind: "intent",
    intent: writeRequestOf(intent),
  }));
}

/** A fix button's value: the mitigation as shown, or reduced to its index (re-diagnosed either way). */
export interface FixButton {
  appId: string;
  kind: string;
  params?: Record<string, unknown>;
  n: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fresh diagnosis's mitigation the button stands for: same kind and params, else the same index. */
export function matchMitigation(ms: Mitigation[], b: FixButton): Mitigation | undefined {
  if (b.params) {
    const exact = ms.find((m) => m.kind === b.kind && same(m.params, b.params));
    if (exact) return exact;
    const scalarMatch = ms.find(
      (m) =>
        m.kind === b.kind && Object.entries(b.params ?? {}).every(([k, v]) => k === "reduced" || same(m.params[k], v)),
    );
    if (scalarMatch) return scalarMatch;
  }
  const at = ms[b.n];
  return at && at.kind === b.kind ? at : undefined;
}

export async function proposeFromButton(bot: BotContext, ctx: RequestContext, b: FixButton, tell: Tell): Promise<void> {
  const query: AppQuery = { kind: "resourceId", id: b.appId, subscriptionId: "", resourceGroup: "", name: "" };
  await proposeFor(bot, ctx, query, "fix", tell, (diagnosis) => {
    const m = matchMitigation(diagnosis.mitigations, b);
    return m
      ? { kind: "mitigation", mitigation: m }
      : "That fix is no longer suggested for the app as it is now: run diagnose again for the current advice.";
  });
}

/**
 * The door admitted the request for its verb; the app is resolved and read through the request's scoped
 * fleet (an app outside the channel's scope is refused before anything is read), and the use case asks the
 * authorizer again for the exact action on that app.
 */
export async function proposeFor(
  bot: BotContext,
  ctx: RequestContext,
  app: AppQuery,
  verb: string,
  tell: Tell,
  source: (d: Diagnosis, snapshot: Snapshot) => ProposeSource | string | Promise<ProposeSource | string>,
): Promise<void> {
  const rt = bot.approvals;
  const channel = ctx.channel ?? "";
  const log = ctx.log;
  const q = app.kind === "resourceId" ? app.id : appQueryText(app);
  const now = bot.now();
  const r = await withDeadline(bot.readDeadlineMs, `the reads for ${q}`, (signal) =>
    readApp(ctx.fleet, app, { windowMs: EVIDENCE_WINDOW_MS, slot: app.slot, explicit: true, now, signal }),
  );
  if (r.kind !== "found") return tell(resolutionView(r, q, verb));
  const src = await source(r.diagnosis, r.snapshot);
  if (typeof src === "string") return tell(refusalView(src));
  const actor = { user: ctx.user, channel };
  const res = await propose(rt.deps, { actor, source: src, snapshot: r.snapshot, diagnosis: r.diagnosis });
  if (!res.ok) return tell(refusal(res.reason));
  let ts: string | undefined;
  try {
    ts = await bot.out.post(channel, proposalMessage(rt, res.approval, res.proposal), { log });
  } catch (e) {
    log.warn({ err: e, approvalId: res.approval.id }, "could not post the proposal; withdrawing it");
    await cancel(rt.deps, { approvalId: res.approval.id, actor }).catch(() => undefined);
    return tell(inviteMessage(bot.identity()));
  }
  await rt.deps.store.setMessageRef(res.approval.id, channel, ts);
  log.info({ approvalId: res.approval.id, action: res.proposal.action }, "proposal posted");
}

const refusal = (reason: string): SlackMessage => refusalView(`Not proposed: ${reason}`);
