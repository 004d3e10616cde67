// Evidence packs for alert threads: read (the same reads and view as /appsvc status), at most
// EVIDENCE_CONCURRENCY at once, then posted in the thread with a metadata tag, so a takeover can tell whether
// a dead owner already posted one (handle.ts).

import type { Alert } from "../../../alerts/schema.ts";
import { alertWindow } from "../../../alerts/threads.ts";
import type { Logger } from "../../../log.ts";
import type { AlertThread } from "../../../store/store.ts";
import type { Answer } from "../../answer.ts";
import type { MessageMetadata } from "../../post.ts";
import { alertNoEvidenceView } from "../../views/alert.ts";
import { buildEvidence } from "./evidence.ts";
import type { AlertsDeps } from "./handle.ts";

/** The tags a takeover finds an unfinished opening's posts by (Slack message metadata). */
export const threadTag = (t: AlertThread): MessageMetadata => ({
  event_type: "appsvc_alert_thread",
  event_payload: { thread: t.id },
});
export const evidenceTag = (alertId: string): MessageMetadata => ({
  event_type: "appsvc_alert_evidence",
  event_payload: { alert: alertId },
});

/**
 * Evidence packs read at once. Posting is paced to about one message per second per channel, so a storm gains
 * nothing from reading a hundred apps together, and would pay for it in memory and event-loop stalls.
 */
const EVIDENCE_CONCURRENCY = 4;

export class EvidencePoster {
  readonly #d: AlertsDeps;
  #reading = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(deps: AlertsDeps) {
    this.#d = deps;
  }

  async read(alert: Alert, appId: string, timeZone: string | undefined): Promise<Answer> {
    const d = this.#d;
    // A slot is handed straight to the next waiter on release, so the limit holds exactly.
    if (this.#reading < EVIDENCE_CONCURRENCY) this.#reading++;
    else await new Promise<void>((r) => this.#waiting.push(r));
    try {
      return await buildEvidence(d.fleet, {
        appId,
        alertWindow: alertWindow(alert),
        now: d.now(),
        mitigationsEnabled: Boolean(d.policy),
        readDeadlineMs: d.readDeadlineMs,
        ...(timeZone ? { timeZone } : {}),
      });
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#reading--;
    }
  }

  async post(
    ts: string,
    pack: Promise<Answer> | undefined,
    ctx: { channel: string; timeZone?: string; log: Logger; alertId: string },
  ): Promise<void> {
    const d = this.#d;
    const metadata = evidenceTag(ctx.alertId);
    if (!pack) {
      await d.out.post(ctx.channel, alertNoEvidenceView("the alert is not about an App Service app."), {
        threadTs: ts,
        log: ctx.log,
        metadata,
      });
      return;
    }
    const answer = await pack;
    await d.out.post(ctx.channel, answer.message, { threadTs: ts, log: ctx.log, metadata });
    if (answer.chart) {
      try {
        const png = await answer.chart.render();
        const c = answer.chart;
        await d.out.upload(
          ctx.channel,
          ts,
          { filename: c.filename, title: c.title, content: png, altText: c.altText },
          ctx.log,
        );
      } catch (e) {
        ctx.log.warn({ err: e }, "alert chart upload failed");
      }
    }
    const f = answer.message.file;
    if (f)
      await d.out
        .upload(ctx.channel, ts, f, ctx.log)
        .catch((e: unknown) => ctx.log.warn({ err: e }, "file upload failed"));
  }
}
