// The records beside approvals, on an `SqlDriver`: digest subscriptions and run claims, verification leases,
// alert claims and threads. Thin delegations to the statements in sql-digest.ts, sql-verifications.ts and
// sql-alerts.ts; `SqlStore` adds approvals and the audit log on top.

import * as alerts from "./sql-alerts.ts";
import * as digest from "./sql-digest.ts";
import type { SqlDriver } from "./sql-driver.ts";
import * as verification from "./sql-verifications.ts";
import {
  type AlertClaim,
  type AlertThread,
  type AlertThreadPatch,
  DEFAULT_RUN_LEASE_MS,
  type DigestSubscription,
  type Json,
  type NewAlertThread,
  type NewSubscription,
  type RunClaim,
  type RunQuery,
  type VerificationClaim,
} from "./store.ts";

export class SqlRecords {
  protected readonly db: SqlDriver;
  protected readonly clock: () => number;

  constructor(driver: SqlDriver, now: () => number) {
    this.db = driver;
    this.clock = now;
  }

  createSubscription(s: NewSubscription): Promise<DigestSubscription> {
    return digest.createSubscription(this.db, this.clock(), s);
  }

  deleteSubscription(id: string, channel: string): Promise<boolean> {
    return digest.deleteSubscription(this.db, id, channel);
  }

  listSubscriptions(): Promise<DigestSubscription[]> {
    return digest.listSubscriptions(this.db);
  }

  subscriptionsVersion(): Promise<number> {
    return digest.subscriptionsVersion(this.db);
  }

  claimRun(subscriptionId: string, localDate: string, owner: string, leaseMs = DEFAULT_RUN_LEASE_MS): Promise<boolean> {
    return digest.claimRun(this.db, this.clock(), subscriptionId, localDate, owner, leaseMs);
  }

  renewRun(subscriptionId: string, localDate: string, owner: string, leaseMs: number): Promise<boolean> {
    return digest.renewRun(this.db, this.clock(), subscriptionId, localDate, owner, leaseMs);
  }

  markRunPosting(subscriptionId: string, localDate: string, owner: string): Promise<boolean> {
    return digest.markRunPosting(this.db, this.clock(), subscriptionId, localDate, owner);
  }

  finishRun(subscriptionId: string, localDate: string, owner: string, postedTs: string | null): Promise<boolean> {
    return digest.finishRun(this.db, this.clock(), subscriptionId, localDate, owner, postedTs);
  }

  releaseRun(subscriptionId: string, localDate: string, owner: string): Promise<boolean> {
    return digest.releaseRun(this.db, this.clock(), subscriptionId, localDate, owner);
  }

  getRun(subscriptionId: string, localDate: string): Promise<RunClaim | undefined> {
    return digest.getRun(this.db, subscriptionId, localDate);
  }

  listRuns(query: RunQuery): Promise<RunClaim[]> {
    return digest.listRuns(this.db, query);
  }

  claimVerification(approvalId: string, owner: string, leaseMs: number): Promise<VerificationClaim | undefined> {
    return verification.claimVerification(this.db, this.clock(), approvalId, owner, leaseMs);
  }

  renewVerification(approvalId: string, owner: string, leaseMs: number): Promise<boolean> {
    return verification.verificationLease.renew(this.db, this.clock(), [approvalId], owner, leaseMs);
  }

  markVerificationPosting(approvalId: string, owner: string): Promise<boolean> {
    return verification.verificationLease.markPosting(this.db, this.clock(), [approvalId], owner);
  }

  finishVerification(approvalId: string, owner: string, postedTs: string | null): Promise<boolean> {
    return verification.verificationLease.finish(this.db, this.clock(), [approvalId], owner, postedTs);
  }

  releaseVerification(approvalId: string, owner: string): Promise<boolean> {
    return verification.verificationLease.release(this.db, this.clock(), [approvalId], owner);
  }

  getVerification(approvalId: string): Promise<VerificationClaim | undefined> {
    return verification.getVerification(this.db, approvalId);
  }

  claimAlert(
    alertId: string,
    notification: string,
    owner: string,
    leaseMs: number,
    payload: Json,
  ): Promise<AlertClaim | undefined> {
    return alerts.claimAlert(this.db, this.clock(), { alertId, notification, owner, leaseMs, payload });
  }

  renewAlert(alertId: string, notification: string, owner: string, leaseMs: number): Promise<boolean> {
    return alerts.alertLease.renew(this.db, this.clock(), [alertId, notification], owner, leaseMs);
  }

  finishAlert(alertId: string, notification: string, owner: string): Promise<boolean> {
    return alerts.alertLease.finish(this.db, this.clock(), [alertId, notification], owner, null);
  }

  releaseAlert(alertId: string, notification: string, owner: string): Promise<boolean> {
    return alerts.alertLease.release(this.db, this.clock(), [alertId, notification], owner);
  }

  owedAlerts(limit: number): Promise<AlertClaim[]> {
    return alerts.owedAlerts(this.db, this.clock(), limit);
  }

  latestAlertThread(channel: string, appKey: string): Promise<AlertThread | undefined> {
    return alerts.latestAlertThread(this.db, channel, appKey);
  }

  getAlertThread(id: string): Promise<AlertThread | undefined> {
    return alerts.getAlertThread(this.db, id);
  }

  alertThreadOf(alertId: string): Promise<AlertThread | undefined> {
    return alerts.alertThreadOf(this.db, alertId);
  }

  openAlertThread(t: NewAlertThread): Promise<AlertThread | undefined> {
    return alerts.openAlertThread(this.db, this.clock(), t);
  }

  joinAlertThread(alertId: string, threadId: string): Promise<string> {
    return alerts.joinAlertThread(this.db, alertId, threadId);
  }

  updateAlertThread(id: string, version: number, patch: AlertThreadPatch): Promise<AlertThread | undefined> {
    return alerts.updateAlertThread(this.db, id, version, patch);
  }
}
