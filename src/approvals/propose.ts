// propose: a command intent or a diagnosis button → a checked, authorised, recorded proposal (pending,
// with an expiry). Every refusal (an impossible change or a denied request) is audited too.

import { randomUUID } from "node:crypto";
import type { Diagnosis, Mitigation } from "../core/diagnosis.ts";
import { toJson } from "../core/json.ts";
import type { Snapshot } from "../core/snapshot.ts";
import type { Approval, Json } from "../store/store.ts";
import { appendSafely, entryFor } from "./audit.ts";
import type { ActionDeps, ActorContext } from "./deps.ts";
import { planFromIntent, planFromMitigation, type WriteRequest } from "./plan-from-intent.ts";
import { type Proposal, proposalJson } from "./proposal.ts";

export type ProposeSource = { kind: "intent"; intent: WriteRequest } | { kind: "mitigation"; mitigation: Mitigation };

export interface ProposeInput {
  actor: ActorContext;
  source: ProposeSource;
  /** A fresh snapshot of the (resolved) app: validation and "before" are judged on it. */
  snapshot: Snapshot;
  /** The diagnosis behind the request, for the evidence. */
  diagnosis?: Diagnosis;
  /** The Slack message that shows the proposal, when it already exists. */
  messageTs?: string;
}

export type ProposeResult = { ok: true; approval: Approval; proposal: Proposal } | { ok: false; reason: string };

function describeSource(src: ProposeSource): Json {
  return src.kind === "intent"
    ? { command: toJson(src.intent) }
    : { mitigation: src.mitigation.title, kind: src.mitigation.kind, rule: src.mitigation.fromRule };
}

export async function propose(deps: ActionDeps, input: ProposeInput): Promise<ProposeResult> {
  const { actor, source, snapshot } = input;
  const correlationId = randomUUID();
  const now = deps.now();
  const refused = async (reason: string, action?: string): Promise<ProposeResult> => {
    await appendSafely(
      deps.store,
      {
        kind: "refusal",
        correlationId,
        actor: actor.user,
        app: snapshot.app.name,
        detail: {
          stage: "request",
          reason,
          ...(action ? { action } : {}),
          request: describeSource(source),
          // No approval exists yet: the target is recorded here, so a channel's audit can tell whose it is.
          target: {
            subscriptionId: snapshot.app.subscriptionId,
            resourceGroup: snapshot.app.resourceGroup,
            app: snapshot.app.name,
          },
        },
        at: now,
      },
      deps.log,
    );
    deps.log.info({ correlationId, app: snapshot.app.name, user: actor.user, reason }, "proposal refused");
    return { ok: false, reason };
  };

  const plan =
    source.kind === "intent"
      ? planFromIntent(source.intent, snapshot, input.diagnosis)
      : planFromMitigation(source.mitigation, snapshot, input.diagnosis);
  if (!plan.ok) return refused(plan.reason);
  const decision = await deps.authorize.request(actor, plan.draft.action, snapshot.app);
  if (!decision.allowed) return refused(decision.reason, plan.draft.action);
  const bounds = await deps.authorize.limits?.(actor, plan.draft.operation);
  if (bounds && !bounds.allowed) return refused(bounds.reason, plan.draft.action);

  const proposal: Proposal = {
    ...plan.draft,
    v: 1,
    requestedBy: actor.user,
    requestedAt: now,
    expiresAt: now + deps.ttlMs(actor.channel),
  };
  const app = snapshot.app;
  const approval = await deps.store.createApproval({
    correlationId,
    action: proposal.action,
    target: {
      subscriptionId: app.subscriptionId,
      resourceGroup: app.resourceGroup,
      app: app.name,
      ...(app.slot ? { slot: app.slot } : {}),
      ...(proposal.target.instance ? { instance: proposal.target.instance } : {}),
    },
    params: toJson(proposal.operation),
    plan: proposalJson(proposal),
    policy: decision.policy ?? null,
    requestedBy: actor.user,
    requestedAt: now,
    channel: actor.channel,
    ...(input.messageTs ? { messageTs: input.messageTs } : {}),
    expiresAt: proposal.expiresAt,
  });
  await deps.store.appendAudit(
    entryFor(
      approval,
      "request",
      actor.user,
      {
        title: proposal.title,
        action: proposal.action,
        arm: toJson(proposal.arm),
        change: proposal.change,
        expiresAt: proposal.expiresAt,
        source: describeSource(source),
      },
      now,
    ),
  );
  deps.log.info({ correlationId, approvalId: approval.id, action: proposal.action, app: app.name }, "proposed");
  return { ok: true, approval, proposal };
}
