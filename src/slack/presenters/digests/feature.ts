// The digest feature behind the DigestFeature seam: `/appsvc digest …` answers and the scheduler that posts
// each subscription's digest once per local date across replicas (store claims), with catch-up at start
// and pickup of subscriptions made on other replicas by polling (src/schedule/scheduler.ts).

import { renderFleetChartOffThread } from "../../../charts/off-thread.ts";
import type { Fleet } from "../../../core/fleet.ts";
import type { FleetMetricsFn } from "../../../digests/metrics-off-thread.ts";
import { describeDigestScope, scopeFromJson } from "../../../digests/scope.ts";
import type { Door } from "../../../door/door.ts";
import { VERB_PERMISSIONS } from "../../../door/permissions.ts";
import type { Logger } from "../../../log.ts";
import { canRead, type Policy } from "../../../policy/index.ts";
import { type CronFactory, type DigestRun, DigestScheduler } from "../../../schedule/index.ts";
import type { Store } from "../../../store/store.ts";
import { type SlackOut, slackErrorCode } from "../../post.ts";
import type { UserTimeZones } from "../../timezone.ts";
import { digestPostedView, digestRefusedView } from "../../views/digest-commands.ts";
import type { SlackMessage } from "../../views/types.ts";
import { defaultZone, list, subscribe, unsubscribe } from "./commands.ts";
import { DIGEST_EVENT, type PostedDigest, postDigest, type RenderFleetChart } from "./post-digest.ts";
import type { DigestCommandContext, DigestFeature, DigestIntent } from "./seam.ts";

export interface DigestFeatureDeps {
  store: Store;
  fleet: Fleet;
  out: SlackOut;
  zones: UserTimeZones;
  /** Undefined = no policy: every app is visible, read-only bot. */
  policy?: Policy;
  log: Logger;
  now: () => number;
  /** Recorded on run claims. */
  replicaId: string;
  /** Between slices of digest scoring: the bot's Admission turn (acks first). */
  yieldTo?: () => Promise<void>;
  /** The digest's metric reads, on a worker when the bot can describe its fleet. */
  metrics?: FleetMetricsFn;
  /** Default node-cron; tests inject one that fires slots on demand. */
  cron?: CronFactory;
  /** Catch-up window after a missed slot (default 2 h). */
  graceMs?: number;
  /** Pickup of other replicas' changes (default 60 s). */
  pollMs?: number;
  /** Lease of a scheduled run (default 60 s). */
  leaseMs?: number;
  /** Repeats the poll; default an unref'd setInterval. */
  every?: (ms: number, fn: () => void) => () => void;
  /** Default: the off-thread renderer. */
  renderChart?: RenderFleetChart;
  /** Admits each scheduled run like any request: a channel no longer bound, or without reads, gets none. */
  door?: Door;
  /** Called after each posted digest (scheduled or `now`). */
  onPosted?: (posted: PostedDigest & { channel: string; run?: DigestRun }) => void;
}

/** `work`, or a rejection as soon as `signal` aborts (the work itself checks the signal before posting). */
function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

export interface DigestFeatureRuntime extends DigestFeature {
  /** One poll now: pickup and catch-up (what the timer does every pollMs). */
  poll(): Promise<void>;
  /** Resolves when no scheduled digest of this replica is being posted. */
  idle(): Promise<void>;
  readonly scheduler: DigestScheduler;
}

export function createDigestFeature(deps: DigestFeatureDeps): DigestFeatureRuntime {
  const renderChart = deps.renderChart ?? renderFleetChartOffThread;
  const postDeps = { ...deps, renderChart };
  const log = deps.log.child({ feature: "digest", replica: deps.replicaId });

  const runScheduled = async (run: DigestRun): Promise<string | null> => {
    const sub = run.subscription;
    if (deps.door) {
      const ctx = await deps.door.open({ via: "schedule", user: "system", channel: sub.channel });
      const admitted = await deps.door.authorise(ctx, VERB_PERMISSIONS.digest);
      if (!admitted.allowed) {
        ctx.log.warn(
          { subscription: sub.id, refused: admitted.code },
          "scheduled digest not posted: refused at the door",
        );
        return null; // the run is done for the day, with nothing posted
      }
    }
    const runKey = `${sub.id}/${run.localDate}`;
    const runLog = log.child({ subscription: sub.id, localDate: run.localDate });
    if (run.takeover) {
      // The previous owner may have posted just before it died: look before posting again.
      const prior = await deps.store.getRun(sub.id, run.localDate);
      if (prior?.postingAt != null) {
        const ts = await deps.out.findOwn(
          sub.channel,
          prior.postingAt,
          { event_type: DIGEST_EVENT, event_payload: { run: runKey } },
          runLog,
        );
        if (ts) {
          runLog.info({ ts }, "digest already posted by the previous owner; not posting again");
          return ts;
        }
      }
    }
    const posted = await untilAborted(
      run.signal,
      postDigest(postDeps, {
        channel: sub.channel,
        scope: scopeFromJson(sub.scope),
        timeZone: sub.timeZone,
        ...(run.late || run.takeover ? { lateFor: run.slot, takenOver: run.takeover } : {}),
        log: runLog,
        signal: run.signal,
        runKey,
        beforePost: async () => {
          if (!(await deps.store.markRunPosting(sub.id, run.localDate, deps.replicaId)))
            throw new Error("this replica no longer holds the digest run");
        },
      }),
    );
    deps.onPosted?.({ ...posted, channel: sub.channel, run });
    return posted.ts;
  };

  const scheduler = new DigestScheduler({
    store: deps.store,
    replicaId: deps.replicaId,
    run: runScheduled,
    now: deps.now,
    logger: log,
    ...(deps.cron ? { cron: deps.cron } : {}),
    ...(deps.graceMs !== undefined ? { graceMs: deps.graceMs } : {}),
    ...(deps.pollMs !== undefined ? { pollMs: deps.pollMs } : {}),
    ...(deps.leaseMs !== undefined ? { leaseMs: deps.leaseMs } : {}),
    ...(deps.every ? { every: deps.every } : {}),
  });
  let started: Promise<void> | undefined;

  async function now(intent: Extract<DigestIntent, { action: "now" }>, ctx: DigestCommandContext) {
    const read = canRead(deps.policy, ctx.channel);
    if (!read.allowed) return digestRefusedView(read.reason);
    const { timeZone } = await defaultZone(deps, ctx.channel, ctx.user);
    try {
      const posted = await postDigest(postDeps, { channel: ctx.channel, scope: intent.scope, timeZone, log: ctx.log });
      deps.onPosted?.({ ...posted, channel: ctx.channel });
      return digestPostedView(posted.data.total, describeDigestScope(intent.scope));
    } catch (e) {
      const code = slackErrorCode(e);
      ctx.log.warn({ err: e }, "digest now failed");
      if (code === "not_in_channel" || code === "channel_not_found")
        return digestRefusedView(
          "I'm not a member of this channel, so I cannot post the digest here: invite me first.",
        );
      return digestRefusedView(`The digest could not be posted: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  return {
    scheduler,
    async handle(intent: DigestIntent, ctx: DigestCommandContext): Promise<SlackMessage> {
      switch (intent.action) {
        case "subscribe":
          return subscribe(deps, intent, ctx);
        case "list":
          return list(deps, ctx.channel);
        case "unsubscribe":
          return unsubscribe(deps, intent.id, ctx.channel);
        case "now":
          return now(intent, ctx);
      }
    },
    start() {
      started ??= scheduler.start().catch((e: unknown) => {
        started = undefined;
        throw e;
      });
      return started;
    },
    async stop(deadlineMs?: number) {
      if (!started) return;
      await started.catch(() => undefined);
      started = undefined;
      await scheduler.stop(deadlineMs);
    },
    poll: () => scheduler.poll(),
    idle: () => scheduler.idle(),
  };
}
