// The App Home tab: the apps in scope with their state and last verdict, pending approvals and recent
// actions (both empty until the mitigation flow lands; the view already takes them). ≤ 100 blocks.
import type { KnownBlock } from "@slack/types";
import type { AppRef } from "../../core/snapshot.ts";
import { context, divider, finalizeHome, header, packLines, section } from "./blocks.ts";
import { code, escapeMrkdwn } from "./escape.ts";
import { fmtDateTime, zoneNote } from "./format.ts";
import type { HomeTab } from "./types.ts";
import { appLabel, STOPPED_EMOJI, verdictStringLook } from "./vocabulary.ts";

export interface HomeApp {
  app: AppRef;
  state: string;
  lastVerdict?: string;
  lastCheckedAt?: number;
}

export interface PendingApproval {
  id: string;
  app: AppRef;
  /** "Restart the app (all instances)" */
  title: string;
  /** Slack user ID of the requester. */
  requestedBy: string;
  requestedAt: number;
  expiresAt?: number;
  /** Why the channel's limits would refuse Approve now: it can only be cancelled. */
  outsideLimits?: string;
}

export interface RecentAction {
  app: AppRef;
  title: string;
  /** "succeeded", "failed", "recovered", … */
  outcome: string;
  at: number;
  /** Slack user ID of the approver. */
  approvedBy?: string;
}

export interface HomeViewInput {
  /** Slack user ID of the viewer. */
  user: string;
  apps: HomeApp[];
  pendingApprovals: PendingApproval[];
  recentActions: RecentAction[];
  timeZone?: string;
  now?: number;
}

/** Apps listed on the tab; the rest are counted and `/appsvc list` shows them. */
export const HOME_APPS_MAX = 200;

/** `<@U…>` only for a well-formed user ID; anything else is shown escaped, never as a mention. */
export function userRef(id: string | undefined): string {
  if (!id) return "someone";
  return /^[UW][A-Z0-9]{2,20}$/.test(id) ? `<@${id}>` : code(id);
}

export function homeView(input: HomeViewInput): HomeTab {
  const tz = input.timeZone;
  const apps = input.apps ?? [];
  const blocks: KnownBlock[] = [
    header("appsvc-bot"),
    section(
      `Hi ${userRef(input.user)}. ${code("/appsvc status <app>")} checks an app, ${code("/appsvc help")} lists every command.`,
    ),
    divider(),
  ];
  const pending = input.pendingApprovals ?? [];
  const pendingLines = pending.map(
    (p) =>
      `• ${code(appLabel(p.app))} · ${escapeMrkdwn(p.title)} · asked by ${userRef(p.requestedBy)} ${fmtDateTime(p.requestedAt, tz)}${p.expiresAt !== undefined ? ` · expires ${fmtDateTime(p.expiresAt, tz)}` : ""}${p.outsideLimits ? `\n   :warning: Approve will be refused, it can only be cancelled: ${escapeMrkdwn(p.outsideLimits)}` : ""}`,
  );
  blocks.push(
    ...packLines(pendingLines.length ? pendingLines : ["_None._"], `*Pending approvals* (${pending.length})`),
  );
  const recent = input.recentActions ?? [];
  const recentLines = recent.map(
    (a) =>
      `• ${fmtDateTime(a.at, tz)} · ${code(appLabel(a.app))} · ${escapeMrkdwn(a.title)} → *${escapeMrkdwn(a.outcome)}*${a.approvedBy ? ` · approved by ${userRef(a.approvedBy)}` : ""}`,
  );
  blocks.push(...packLines(recentLines.length ? recentLines : ["_None yet._"], `*Recent actions* (${recent.length})`));
  blocks.push(divider());
  const shown = apps.slice(0, HOME_APPS_MAX);
  const appLines = shown.map((a) => {
    const look = verdictStringLook(a.lastVerdict);
    const when = a.lastCheckedAt !== undefined ? ` · checked ${fmtDateTime(a.lastCheckedAt, tz)}` : "";
    const emoji = /^stopped$/i.test(a.state ?? "") ? STOPPED_EMOJI : look.emoji;
    return `${emoji} ${code(appLabel(a.app))} · ${escapeMrkdwn(a.state || "state n/a")} · ${a.lastVerdict ? look.word : "not checked"}${when}`;
  });
  if (apps.length > shown.length) appLines.push(`_… and ${apps.length - shown.length} more: ${code("/appsvc list")}_`);
  blocks.push(...packLines(appLines.length ? appLines : ["_No apps in scope._"], `*Apps in scope* (${apps.length})`));
  blocks.push(context([zoneNote(input.now ?? 0, tz)]));
  return finalizeHome(blocks, "`/appsvc list` shows every app");
}
