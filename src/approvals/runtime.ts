// What the Slack side of the approval flow runs on: the use cases' deps (store, fleet, writer, policy
// authorizer, TTL, clock), the policy gate, and the verification settings (tests inject a short watch and
// a sleep that moves the simulator's clock).

import { bindingOf, type PolicyGate } from "../door/policy-authorizer.ts";
import { doingWord, type ProposalStatus } from "../slack/views/index.ts";
import type { Approval } from "../store/store.ts";
import { outcomeUnknown } from "./audit.ts";
import type { ActionDeps } from "./deps.ts";
import { readProposal } from "./proposal.ts";
import type { VerifyOptions } from "./verify.ts";

export interface ApprovalRuntime {
  gate: PolicyGate;
  deps: ActionDeps;
  verify: VerifyOptions;
}

/** The binding of the channel (TTL, two-person rule and time zone come from it). */
export function actorIn(rt: ApprovalRuntime, channel: string, user: string) {
  return { user, channel, binding: bindingOf(rt.gate, channel) };
}

export function timeZoneOf(rt: ApprovalRuntime, channel: string): string | undefined {
  return bindingOf(rt.gate, channel)?.timeZone;
}

/** The state line of a stored approval. */
export function statusOf(a: Approval): ProposalStatus {
  switch (a.state) {
    case "pending":
      return { kind: "pending" };
    case "approved":
    case "executing":
      return { kind: "approved", by: a.approvedBy ?? a.stateBy, doing: doingWord(a.action) };
    case "succeeded":
      return {
        kind: "succeeded",
        by: a.approvedBy ?? a.stateBy,
        at: a.stateAt,
        ...(a.reason ? { note: a.reason } : {}),
      };
    case "failed":
      if (outcomeUnknown(a)) return { kind: "unknown", reason: a.reason ?? "", at: a.stateAt };
      return { kind: "failed", reason: a.reason ?? "unknown reason", at: a.stateAt };
    case "cancelled":
      return { kind: "cancelled", by: a.stateBy, at: a.stateAt };
    case "rejected":
      return { kind: "rejected", by: a.stateBy, at: a.stateAt, ...(a.reason ? { reason: a.reason } : {}) };
    case "expired":
      return { kind: "expired", at: a.expiresAt };
  }
}

export { readProposal };
