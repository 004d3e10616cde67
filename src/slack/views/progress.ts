// Short interim and placeholder answers: "⏳ Checking shop-api…" and the mitigation commands that wait for
// the approval flow.
import type { AppRef } from "../../core/snapshot.ts";
import { context, finalize, section } from "./blocks.ts";
import { code, escapeMrkdwn } from "./escape.ts";
import type { SlackMessage } from "./types.ts";
import { appLabel, appPath } from "./vocabulary.ts";

const VERBS: Record<string, string> = {
  status: "Checking",
  diagnose: "Diagnosing",
  health: "Checking the health of",
  logs: "Reading the logs of",
  metrics: "Reading the metrics of",
  links: "Looking up links for",
  list: "Listing",
  collect: "Collecting evidence from",
};

/**
 * What a progress message names: our own words ("the audit trail"), or what the user typed, shown in a
 * code span so `*bold*` or a URL stays literal text, with an optional note of ours ("slot staging").
 */
export type ProgressSubject = { ours: string } | { theirs: string; note?: string };

/** "⏳ Checking `shop-api`…". */
export function progressView(subject: ProgressSubject, verb: string): SlackMessage {
  const doing = VERBS[verb] ?? "Working on";
  const label =
    "ours" in subject
      ? escapeMrkdwn(subject.ours)
      : `${code(subject.theirs)}${subject.note ? ` (${escapeMrkdwn(subject.note)})` : ""}`;
  const text = `⏳ ${doing} ${label}…`;
  return finalize([section(text)], text);
}

export interface MitigationPendingInput {
  verb: string;
  app?: AppRef | string;
}

const ACTION_WORDS: Record<string, string> = {
  restart: "Restart",
  start: "Start",
  stop: "Stop",
  scale: "Scale",
  autoheal: "Auto-heal",
  healthcheck: "Health check",
};

/** Restart/start/stop/scale/autoheal/healthcheck before approvals exist: say plainly that nothing changed. */
export function mitigationPendingView(input: MitigationPendingInput): SlackMessage {
  const what = ACTION_WORDS[input.verb.toLowerCase()] ?? escapeMrkdwn(input.verb);
  const app = input.app;
  const name = typeof app === "string" ? app : app ? appLabel(app) : undefined;
  const path = typeof app === "string" ? app : app ? appPath(app) : undefined;
  const lead = `*${what}${name ? ` ${escapeMrkdwn(name)}` : ""}: not yet.* Restart, scale and auto-heal arrive with approvals: nothing was changed.`;
  const next = path
    ? `Meanwhile ${code(`/appsvc diagnose ${path}`)} shows the fix I would propose, with its exact ARM call and risk.`
    : `Meanwhile ${code("/appsvc diagnose <app>")} shows the fix I would propose, with its exact ARM call and risk.`;
  return finalize(
    [section(`${lead}\n${next}`), context(["Every change will need someone to approve it in Slack first."])],
    `${what}: nothing was changed — restart, scale and auto-heal arrive with approvals.`,
  );
}
