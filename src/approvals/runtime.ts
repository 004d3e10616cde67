// What the Slack side of the approval flow runs on: the use cases' deps (store, fleet, writer, policy
// authorizer, TTL, clock), the policy gate, and the verification settings (tests inject a short watch and
// a sleep that moves the simulator's clock).

import { bindingOf, type PolicyGate } from "../door/policy-authorizer.ts";
import type { ActionDeps } from "./deps.ts";
import { readProposal } from "./proposal.ts";
import type { VerifyOptions } from "./verify.ts";

export interface ApprovalRuntime {
  gate: PolicyGate;
  deps: ActionDeps;
  verify: VerifyOptions;
}

export function timeZoneOf(rt: ApprovalRuntime, channel: string): string | undefined {
  return bindingOf(rt.gate, channel)?.timeZone;
}

export { readProposal };
