// Each alert notification is owed once, whatever happens to the bot: the webhook is answered 200 only after
// the claim, with the alert itself, is stored (a store failure answers 503 and Azure Monitor retries); the
// claim is a lease, renewed while the alert is handled and finished once it is. A replica that dies while
// handling one leaves the lease to lapse; the sweep of another replica or the next start takes it over
// from the stored alert (handle.ts finishes what the dead owner left). docs/alerts.md has the cases.

import type { Alert } from "../../../alerts/schema.ts";
import { toJson } from "../../../core/json.ts";
import { keepRenewing } from "../../../core/keep-renewing.ts";
import type { Logger } from "../../../log.ts";
import type { AlertClaim, Store } from "../../../store/store.ts";
import type { AlertHandler, Outcome } from "./handle.ts";

/** An alert claim's lease; renewed every third of it while the alert is handled (evidence reads, paced posts). */
export const ALERT_LEASE_MS = 60_000;
/** A notification whose handling failed this many times is given up (logged), not retried forever. */
const MAX_TAKEOVERS = 3;
/** Owed notifications taken over per sweep. */
const TAKEOVER_BATCH = 20;

export interface AlertClaimsDeps {
  store: Store;
  owner: string;
  log: Logger;
}

/** The claim, stored with the alert before the webhook is answered; undefined for a retry already claimed. */
export function claimAlert(d: AlertClaimsDeps, alert: Alert): Promise<AlertClaim | undefined> {
  return d.store.claimAlert(alert.alertId, alert.notification, d.owner, ALERT_LEASE_MS, toJson(alert));
}

/**
 * Handles a claimed notification under its lease. Handled (whatever the outcome) → finished. A failure (Slack
 * or the store down) releases it for a later sweep, up to MAX_TAKEOVERS times; then it is given up, logged.
 */
export async function handleClaimed(
  handler: AlertHandler,
  d: AlertClaimsDeps,
  alert: Alert,
  claim: AlertClaim,
  log: Logger,
): Promise<Outcome | undefined> {
  const key = [alert.alertId, alert.notification] as const;
  const renewal = keepRenewing(() => d.store.renewAlert(...key, d.owner, ALERT_LEASE_MS), ALERT_LEASE_MS / 3, {
    lost: () => log.warn({ alertId: alert.alertId }, "alert lease lost; another replica took it over"),
    error: (err) => log.warn({ alertId: alert.alertId, err: String(err) }, "alert lease renewal failed"),
  });
  try {
    const outcome = await handler.handle(alert, log, claim.takeovers > 0 ? claim : undefined);
    renewal.stop();
    await d.store.finishAlert(...key, d.owner);
    return outcome;
  } catch (e) {
    renewal.stop();
    const giveUp = claim.takeovers >= MAX_TAKEOVERS;
    log.error({ err: e, alertId: alert.alertId, takeovers: claim.takeovers, giveUp }, "alert handling failed");
    await (giveUp ? d.store.finishAlert(...key, d.owner) : d.store.releaseAlert(...key, d.owner)).catch(() => false);
    return undefined;
  }
}

/** The stored alert, if it still reads as one (it was written by claimAlert). */
function alertOf(c: AlertClaim): Alert | undefined {
  const p = c.payload as Partial<Alert> | null;
  return p && typeof p === "object" && p.alertId === c.alertId && p.notification === c.notification
    ? (p as Alert)
    : undefined;
}

/**
 * The sweep's part: notifications owed by an owner that is gone, each claimed and handled as tracked work
 * (`run` returns false once the bot is stopping: the claim is then handed back). Returns how many it took.
 */
export async function takeOverAlerts(
  handler: AlertHandler,
  d: AlertClaimsDeps,
  run: (work: () => Promise<unknown>) => boolean,
): Promise<number> {
  let taken = 0;
  for (const owed of await d.store.owedAlerts(TAKEOVER_BATCH)) {
    const alert = alertOf(owed);
    const claim = await d.store.claimAlert(owed.alertId, owed.notification, d.owner, ALERT_LEASE_MS, owed.payload);
    if (!claim) continue;
    if (!alert) {
      d.log.error({ alertId: owed.alertId }, "a stored alert no longer reads as one; given up");
      await d.store.finishAlert(owed.alertId, owed.notification, d.owner);
      continue;
    }
    taken++;
    const log = d.log.child({ alertId: alert.alertId, takeover: claim.takeovers });
    log.warn({ rule: alert.rule }, "taking over an alert whose handler is gone");
    if (!run(() => handleClaimed(handler, d, alert, claim, log)))
      await d.store.releaseAlert(owed.alertId, owed.notification, d.owner).catch(() => false);
  }
  return taken;
}
