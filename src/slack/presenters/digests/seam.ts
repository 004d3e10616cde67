// Seams for features that plug into the bot without owning its composition root: bot.ts builds them
// and the command listener hands them their verbs.

import type { Intent } from "../../../command/index.ts";
import type { Logger } from "../../../log.ts";
import type { SlackMessage } from "../../views/index.ts";

export type DigestIntent = Extract<Intent, { verb: "digest" }>;

export interface DigestCommandContext {
  channel: string;
  user: string;
  log: Logger;
}

/** Morning digests: `/appsvc digest …` and the scheduler that posts them. */
export interface DigestFeature {
  /**
   * Answers `/appsvc digest subscribe|list|unsubscribe|now`. `now` posts the digest itself into the channel and
   * returns a short confirmation; the others return the answer to show to the caller (ephemeral).
   */
  handle(intent: DigestIntent, ctx: DigestCommandContext): Promise<SlackMessage>;
  /** Starts the per-subscription schedules (with catch-up); idempotent. */
  start(): Promise<void>;
  /** Stops scheduling; a run still going after `deadlineMs` is stopped and its lease released. */
  stop(deadlineMs?: number): Promise<void>;
}
