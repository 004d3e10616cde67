// What the listeners share: ports, the outbound Slack client, caches, the clock and the limits.
import type { Lifecycle } from "../app/lifecycle.ts";
import type { ApprovalRuntime } from "../approvals/runtime.ts";
import type { CollectSources } from "../collect/types.ts";
import type { Fleet } from "../core/fleet.ts";
import type { Door } from "../door/door.ts";
import type { Logger } from "../log.ts";
import type { VerdictBook } from "../reads/verdicts.ts";
import type { Admission } from "./admission.ts";
import type { SlackOut } from "./post.ts";
import type { DigestFeature } from "./presenters/digests/seam.ts";
import type { UserTimeZones } from "./timezone.ts";

export interface BotIdentity {
  userId?: string;
  botId?: string;
  name?: string;
}

import type { Check } from "../doctor/check.ts";

export interface BotContext {
  /** Admits and authorises every request; its contexts carry the fleet scoped to the channel. */
  door: Door;
  /** The whole fleet: only the door and scheduled work (digests, verification) use it unscoped. */
  fleet: Fleet;
  out: SlackOut;
  zones: UserTimeZones;
  verdicts: VerdictBook;
  lifecycle: Lifecycle;
  log: Logger;
  /** Clock for read windows (the simulator's in tests and the playground). */
  now: () => number;
  /** Overall deadline of one command's Azure reads. */
  readDeadlineMs: number;
  /** A Log Analytics workspace is configured (logs and 5xx breakdowns). */
  logsConfigured: boolean;
  /** Azure portal for links (sovereign clouds have their own). */
  portalBase: string;
  /** One command starts its Azure reads per event-loop turn (acks first). */
  admission: Admission;
  /** Morning digests: `/appsvc digest …` and the schedules. */
  digest: DigestFeature;
  /** Proposals, approvals, execution and verification (store, writer, policy). */
  approvals: ApprovalRuntime;
  /** `/appsvc collect`: the Azure sources and the log stream capture's bounds. */
  collect: {
    sources: CollectSources;
    logStream: { maxMs: number; maxBytes: number };
    /** APPSVC_DUMPS_CONTAINER_URL is set: memory dumps can be proposed. */
    dumpsConfigured: boolean;
  };
  /** Who the bot is in Slack (from auth.test), once known. */
  identity(): BotIdentity;
  /** `/appsvc doctor`: the set-up checks against this bot's own configuration, store and policy. */
  doctor(): Promise<Check[]>;
}
