// One digest into one channel: read the fleet (buildDigest), render the message (digestView), post it,
// then upload the fleet chart PNG and, when the ranking did not fit, the full digest file into its thread.
// A failed chart or file upload does not undo the message: it is logged and the digest stands.

import type { DigestScope } from "../../../command/intent.ts";
import type { Fleet } from "../../../core/fleet.ts";
import type { DigestData } from "../../../digests/build-digest.ts";
import { buildDigest } from "../../../digests/build-digest.ts";
import type { FleetMetricsFn } from "../../../digests/metrics-off-thread.ts";
import { digestScopeFilter } from "../../../digests/scope.ts";
import type { Logger } from "../../../log.ts";
import type { Policy } from "../../../policy/index.ts";
import type { Store } from "../../../store/store.ts";
import type { SlackOut } from "../../post.ts";
import { LIMITS } from "../../views/blocks.ts";
import { digestView } from "../../views/digest.ts";
import { fmtTime } from "../../views/format.ts";
import type { SlackMessage } from "../../views/types.ts";

export type RenderFleetChart = (input: DigestData["chart"]) => Promise<Buffer>;

export interface PostDigestDeps {
  store: Pick<Store, "listAudit">;
  fleet: Fleet;
  out: SlackOut;
  policy?: Policy;
  now: () => number;
  renderChart: RenderFleetChart;
  /** Between slices of digest scoring: the bot's Admission turn (acks first). */
  yieldTo?: () => Promise<void>;
  /** The digest's metric reads, on a worker when the bot can describe its fleet (metrics-off-thread.ts). */
  metrics?: FleetMetricsFn;
}

export interface DigestRequest {
  channel: string;
  scope: readonly DigestScope[];
  timeZone: string;
  /** The slot this digest stands for, when it is posted late (catch-up). */
  lateFor?: number;
  /** The replica that was posting it stopped (a takeover): the late note says so. */
  takenOver?: boolean;
  log: Logger;
  /** Stops the reads; checked again just before posting, so an aborted run never posts. */
  signal?: AbortSignal;
  /** Tags the message (Slack message metadata), so a takeover can find it before posting again. */
  runKey?: string;
  /** Awaited just before chat.postMessage (the run records that posting began). */
  beforePost?: () => Promise<void>;
}

/** The metadata event type of a scheduled digest's message. */
export const DIGEST_EVENT = "appsvc_digest_posted";

export interface PostedDigest {
  ts: string;
  data: DigestData;
  message: SlackMessage;
  chart?: Buffer;
}

/** A context line under the header saying the digest is late, within the 50-block limit. */
function withLateNote(msg: SlackMessage, slot: number, timeZone: string, takenOver: boolean): SlackMessage {
  if (msg.blocks.length >= LIMITS.messageBlocks) return msg;
  const why = takenOver
    ? "the replica that was posting it stopped before it was done"
    : "missed while the bot was down";
  const note = {
    type: "context" as const,
    elements: [
      {
        type: "mrkdwn" as const,
        text: `⏰ Posted late: this is the ${fmtTime(slot, timeZone)} digest, ${why}.`,
      },
    ],
  };
  return { ...msg, blocks: [msg.blocks[0], note, ...msg.blocks.slice(1)] };
}

export async function postDigest(deps: PostDigestDeps, req: DigestRequest): Promise<PostedDigest> {
  const now = deps.now();
  const data = await buildDigest({
    fleet: deps.fleet,
    store: deps.store,
    scope: digestScopeFilter(req.scope, deps.policy, req.channel),
    now,
    timeZone: req.timeZone,
    // The PT5M pass: health check status and the previous day's p95 as the "↑3×" baseline.
    history: true,
    ...(deps.yieldTo ? { yieldTo: deps.yieldTo } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
  });
  let message = digestView(data);
  if (req.lateFor !== undefined) message = withLateNote(message, req.lateFor, req.timeZone, req.takenOver === true);
  req.signal?.throwIfAborted();
  await req.beforePost?.();
  req.signal?.throwIfAborted();
  const ts = await deps.out.post(req.channel, message, {
    log: req.log,
    ...(req.runKey ? { metadata: { event_type: DIGEST_EVENT, event_payload: { run: req.runKey } } } : {}),
  });
  let chart: Buffer | undefined;
  if (data.chart.apps.length > 0) {
    try {
      chart = await deps.renderChart(data.chart);
      await deps.out.upload(
        req.channel,
        ts,
        {
          filename: `digest-fleet-${new Date(now).toISOString().slice(0, 10)}.png`,
          title: "Fleet 5xx rate, last 24 h",
          content: chart,
          altText: `Chart of the 5xx rate of ${data.chart.apps.length} apps over the last 24 hours, the worst highlighted (times in ${req.timeZone}).`,
        },
        req.log,
      );
    } catch (e) {
      req.log.warn({ err: e }, "digest chart upload failed");
    }
  }
  if (message.file) {
    const f = message.file;
    await deps.out
      .upload(req.channel, ts, { filename: f.filename, title: f.title, content: f.content }, req.log)
      .catch((e: unknown) => req.log.warn({ err: e }, "digest file upload failed"));
  }
  return { ts, data, message, ...(chart ? { chart } : {}) };
}
