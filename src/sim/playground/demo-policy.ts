// The policy the playground runs under unless APPSVC_CONFIG names another: one binding for the playground's
// channel over the whole demo fleet, every write granted, alice may request, bob may approve (and request),
// eve is in no role. With the two-person rule on, the approval story needs two of them, as in production.
import { type Policy, parsePolicy } from "../../policy/index.ts";

export const CHANNEL = { id: "C0OPS", name: "ops" };

export interface Person {
  id: string;
  name: string;
  /** What the demo policy lets this person do. */
  role: string;
}

export const PEOPLE: readonly Person[] = [
  { id: "U0ALICE", name: "alice", role: "requester (on call)" },
  { id: "U0BOB", name: "bob", role: "approver (platform lead)" },
  { id: "U0EVE", name: "eve", role: "outsider (reads only)" },
];

export function demoPolicyYaml(subscriptions: readonly string[]): string {
  return [
    "roles:",
    "  oncall: [U0ALICE]",
    "  platform-leads: [U0BOB]",
    "defaults:",
    "  proposalTtlMinutes: 30",
    "  twoPersonRule: true",
    "bindings:",
    `  - channel: ${CHANNEL.id}`,
    `    name: ${CHANNEL.name}`,
    "    scope:",
    `      subscriptions: [${subscriptions.join(", ")}]`,
    "    request: [oncall, platform-leads]",
    "    approve: platform-leads",
    "    actions: [restart, rebootWorker, start, stop, scaleOut, scaleUp, autoHeal, healthCheck, appSetting, siteConfig, swapBack, autoscaleProfile]",
    "",
  ].join("\n");
}

export const demoPolicy = (subscriptions: readonly string[]): Policy =>
  parsePolicy(demoPolicyYaml(subscriptions), "playground demo policy");
