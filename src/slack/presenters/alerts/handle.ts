// The alert use case, for a notification claimed before the webhook was answered (claims.ts): route it, then
// open, join, update or resolve the app's incident thread, and post the evidence pack into a new thread.
// Slack posts go through SlackOut (paced per channel, Retry-After honoured), so a storm queues.

import { routeAlert, scopedAppOf } from "../../../alerts/route.ts";
import { type Alert, appTargetOf } from "../../../alerts/schema.ts";
import {
  mutedBy,
  newState,
  placeFor,
  stateOf,
  type ThreadState,
  threadKeyOf,
  toJson,
  withFired,
  withResolved,
} from "../../../alerts/threads.ts";
import type { Fleet } from "../../../core/fleet.ts";
import type { Logger } from "../../../log.ts";
import type { Policy } from "../../../policy/policy.ts";
import type { AlertClaim, AlertThread, Store } from "../../../store/store.ts";
import type { SlackOut } from "../../post.ts";
import { alertRecapView, alertThreadView } from "../../views/alert.ts";
import { EvidencePoster, evidenceTag, threadTag } from "./evidence-post.ts";
import { type Response, respondToThread } from "./respond.ts";
import { StormWatch } from "./storm.ts";
import { CAS_TRIES, ThreadWriter } from "./thread-writer.ts";

export interface AlertsDeps {
  store: Store;
  fleet: Fleet;
  out: SlackOut;
  policy?: Policy;
  /** APPSVC_ALERTS_CHANNEL. */
  fallbackChannel?: string;
  portalBase: string;
  /** This replica's name on claims. */
  owner: string;
  now: () => number;
  readDeadlineMs: number;
  log: Logger;
  /** How long a joiner waits for another replica's top-level message (default 15 s). */
  messageWaitMs?: number;
  /** The Admission's turn: Slack requests being acked go first (as commands wait for it). */
  yieldTo?: () => Promise<void>;
}

export type Outcome =
  | "unrouted"
  | "muted"
  | "opened"
  | "joined"
  | "repeated"
  | "resolved"
  | "resolved-partly"
  | "resolved-unknown";

export class AlertHandler {
  readonly #d: AlertsDeps;
  readonly #locks = new Map<string, Promise<unknown>>();
  readonly #storms: StormWatch;
  readonly #writer: ThreadWriter;
  readonly #evidence: EvidencePoster;

  constructor(deps: AlertsDeps) {
    this.#d = deps;
    this.#storms = new StormWatch(deps.out, { now: () => performance.now(), log: deps.log });
    this.#writer = new ThreadWriter(deps);
    this.#evidence = new EvidencePoster(deps);
  }

  /**
   * Handles a notification this replica claimed (claims.ts). `takeover`: the claim of an owner that died
   * while handling it, so part of it may be done: the alert is not counted twice, and a thread whose
   * message its opener never posted gets it now.
   */
  async handle(alert: Alert, log: Logger = this.#d.log, takeover?: AlertClaim): Promise<Outcome> {
    const d = this.#d;
    await d.yieldTo?.();
    const target = appTargetOf(alert);
    const app = target ? await this.#resolve(target, log) : undefined;
    const appId = app?.id ?? target;
    const route = routeAlert(alert, appId ? scopedAppOf(appId, app?.tags) : undefined, d.policy, d.fallbackChannel);
    if (route.channel === undefined) {
      log.warn({ alertId: alert.alertId, rule: alert.rule, why: route.why }, "alert not posted: no channel for it");
      return "unrouted";
    }
    const channel = route.channel;
    const timeZone = d.policy?.bindings.find((b) => b.channel === channel)?.timeZone;
    const key = threadKeyOf(alert, appId);
    const title = app ? (app.slot ? `${app.name}/${app.slot}` : app.name) : (alert.targetName ?? alert.rule);
    let evidence: (() => Promise<void>) | undefined;
    const outcome = await this.#serial(`${channel} ${key}`, async (): Promise<Outcome> => {
      const ctx = { channel, timeZone, log: log.child({ channel, alertId: alert.alertId }) };
      if (alert.monitorCondition === "Resolved") return this.#resolved(alert, ctx);
      const known = await d.store.alertThreadOf(alert.alertId);
      if (known && takeover) {
        // The previous owner placed it; it may have counted it (after its claim) and died before posting.
        const seen = stateOf(known).alerts[alert.alertId];
        const counted = seen !== undefined && seen.lastFiredAt >= takeover.claimedAt;
        const t = counted ? known : await this.#writer.mutate(known, (s) => withFired(s, alert, d.now()), ctx);
        evidence = await this.#finishOpening(t ?? known, alert, appId, ctx);
        return "repeated";
      }
      if (known) {
        await this.#writer.mutate(known, (s) => withFired(s, alert, d.now()), ctx);
        return "repeated";
      }
      for (let i = 0; i < CAS_TRIES; i++) {
        const latest = await d.store.latestAlertThread(channel, key);
        const place = placeFor(latest, d.now());
        if ("join" in place) {
          const into = await d.store.joinAlertThread(alert.alertId, place.join.id);
          const t = into === place.join.id ? place.join : await d.store.getAlertThread(into);
          if (!t) continue;
          const after = await this.#writer.mutate(t, (s) => withFired(s, alert, d.now()), ctx);
          this.#storms.seen(channel, key, timeZone);
          // Its opener may have died before posting the thread's message: a takeover posts it.
          if (takeover) evidence = await this.#finishOpening(after ?? t, alert, appId, ctx);
          return "joined";
        }
        const mute = mutedBy(latest, d.now());
        if (mute) {
          ctx.log.info({ app: title, mutedBy: mute.by }, "alert not posted: the app is muted");
          return "muted";
        }
        const state = withFired(newState(title, appId), alert, d.now());
        const opened = await d.store.openAlertThread({
          channel,
          appKey: key,
          generation: place.open,
          state: toJson(state),
        });
        if (!opened) continue; // another replica opened this generation first: join it
        await d.store.joinAlertThread(alert.alertId, opened.id);
        this.#storms.seen(channel, key, timeZone);
        // The evidence pack's reads run after this app's queue moves on, so repeats are not held up by them.
        evidence = await this.#open(opened, state, alert, appId, ctx);
        return "opened";
      }
      throw new Error(`could not place alert ${alert.alertId} after ${CAS_TRIES} tries`);
    });
    if (evidence) await evidence();
    return outcome;
  }

  /** Acknowledge or mute, from the thread's buttons (respond.ts). */
  respond(
    req: { threadId: string; user: string; what: Response; channel: string },
    log: Logger = this.#d.log,
  ): Promise<string> {
    return respondToThread(this.#d.store, this.#writer, this.#d.now, req, log);
  }

  /** The storm summaries' state, for the benchmark. */
  get storms(): StormWatch {
    return this.#storms;
  }

  async #resolve(target: string, log: Logger) {
    try {
      const r = await this.#d.fleet.resolveApp(target);
      return r.kind === "found" ? r.app : undefined;
    } catch (e) {
      log.warn({ err: e, target }, "could not resolve the alert's app; routing by its resource ID");
      return undefined;
    }
  }

  async #open(
    t: AlertThread,
    state: ThreadState,
    alert: Alert,
    appId: string | undefined,
    ctx: { channel: string; timeZone?: string; log: Logger },
  ): Promise<() => Promise<void>> {
    const d = this.#d;
    // The evidence reads start now, while the top-level message is posted: they are the long part.
    const pack = appId ? this.#evidence.read(alert, appId, ctx.timeZone) : undefined;
    const top = alertThreadView({
      threadId: t.id,
      state,
      resolvedAt: null,
      portalBase: d.portalBase,
      timeZone: ctx.timeZone,
    });
    const ts = await d.out.post(ctx.channel, top, { log: ctx.log, metadata: threadTag(t) });
    await this.#recordMessage(t, ts);
    ctx.log.info({ alertId: alert.alertId, rule: alert.rule, threadId: t.id, ts }, "alert thread opened");
    return () => this.#evidence.post(ts, pack, { ...ctx, alertId: alert.alertId });
  }

  async #recordMessage(t: AlertThread, ts: string): Promise<void> {
    let cur: AlertThread | undefined = t;
    for (let i = 0; i < CAS_TRIES && cur && !cur.messageTs; i++) {
      if (await this.#d.store.updateAlertThread(cur.id, cur.version, { messageTs: ts })) break;
      cur = await this.#d.store.getAlertThread(t.id);
    }
  }

  /**
   * A takeover's part of opening a thread its dead opener left unfinished: the top-level message (looked for by
   * its tag before it is posted) and, for the alert that opened the thread, the evidence pack (looked for too).
   */
  async #finishOpening(
    t: AlertThread,
    alert: Alert,
    appId: string | undefined,
    ctx: { channel: string; timeZone?: string; log: Logger },
  ): Promise<(() => Promise<void>) | undefined> {
    const d = this.#d;
    const cur = (await d.store.getAlertThread(t.id)) ?? t;
    let ts =
      cur.messageTs ?? (await d.out.findOwn(cur.channel, cur.openedAt, threadTag(cur), ctx.log).catch(() => undefined));
    if (!ts) {
      const top = alertThreadView({
        threadId: cur.id,
        state: stateOf(cur),
        resolvedAt: cur.resolvedAt,
        portalBase: d.portalBase,
        timeZone: ctx.timeZone,
      });
      ts = await d.out.post(cur.channel, top, { log: ctx.log, metadata: threadTag(cur) });
      ctx.log.warn({ threadId: cur.id, ts }, "alert thread message posted by a takeover");
    }
    if (!cur.messageTs) await this.#recordMessage(cur, ts);
    const opener = Object.keys(stateOf(cur).alerts)[0] === alert.alertId;
    if (!opener) return undefined;
    const posted = await d.out
      .findOwnReply(cur.channel, ts, cur.openedAt, evidenceTag(alert.alertId), ctx.log)
      .catch(() => undefined);
    if (posted) return undefined;
    const pack = appId ? this.#evidence.read(alert, appId, ctx.timeZone) : undefined;
    const at = ts;
    return () => this.#evidence.post(at, pack, { ...ctx, alertId: alert.alertId });
  }

  async #resolved(alert: Alert, ctx: { channel: string; timeZone?: string; log: Logger }): Promise<Outcome> {
    const t = await this.#d.store.alertThreadOf(alert.alertId);
    if (!t) {
      ctx.log.info(
        { rule: alert.rule },
        "resolved notification for an alert with no thread (muted, or fired before alerts were enabled)",
      );
      return "resolved-unknown";
    }
    let closed = false;
    const after = await this.#writer.mutate(
      t,
      (s) => {
        const r = withResolved(s, alert, this.#d.now());
        closed = r.resolved;
        return r.state;
      },
      ctx,
      () => (closed ? (alert.resolvedAt ?? this.#d.now()) : undefined),
    );
    if (!closed || !after?.messageTs) return "resolved-partly";
    const resolvedAt = after.resolvedAt ?? this.#d.now();
    await this.#d.out.post(after.channel, alertRecapView(stateOf(after), resolvedAt, ctx.timeZone), {
      threadTs: after.messageTs,
      log: ctx.log,
    });
    return "resolved";
  }

  /** Runs alerts of one thread key one at a time in this process (replicas race safely in the store). */
  #serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.#locks.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.#locks.set(key, tail);
    void tail.then(() => {
      if (this.#locks.get(key) === tail) this.#locks.delete(key);
    });
    return run;
  }
}
