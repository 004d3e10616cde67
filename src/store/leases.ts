// The records under a lease (digest runs, verifications, alert claims) and the alert threads: owed work
// done once across replicas and restarts (docs/faults.md). Part of the `Store` port (store.ts re-exports them).

import type { Json } from "../core/json.ts";

/** Owed work under a lease: one owner at a time, taken over when its owner is gone, posted once. */
export interface Lease {
  /** Who holds (or last held) it. */
  owner: string;
  claimedAt: number;
  /** The owner's lease lapses here unless renewed; null once the work is done. */
  leaseUntil: number | null;
  /** When the owner started posting (a takeover then looks for that message before posting again). */
  postingAt: number | null;
  /** The posted message's ts: a takeover never posts twice. */
  postedTs: string | null;
  /** When the work ended (posted, or given up); null while it is owed. */
  doneAt: number | null;
  /** How many times another owner took it over. */
  takeovers: number;
}

/** A scheduled digest's run: one per subscription and local date. */
export interface RunClaim extends Lease {
  subscriptionId: string;
  /** The subscription's local date "YYYY-MM-DD" (computed in JS from its time zone). */
  localDate: string;
}

/** The verification of an executed change: one per approval. */
export interface VerificationClaim extends Lease {
  approvalId: string;
}

/** How long a run claim lives without renewal; the owner renews it every third of this. */
export const DEFAULT_RUN_LEASE_MS = 60_000;
/** One notification of an Azure Monitor alert, claimed for handling. */
export interface AlertClaim extends Lease {
  alertId: string;
  notification: string;
  /** The alert as it was received. */
  payload: Json;
}

/** One incident thread of Azure Monitor alerts: a channel, an app (or rule) key and a generation. */
export interface AlertThread {
  id: string;
  channel: string;
  appKey: string;
  generation: number;
  /** The top-level message, once posted. */
  messageTs: string | null;
  openedAt: number;
  lastAt: number;
  resolvedAt: number | null;
  /** The alerts, acknowledgement and mute, interpreted by src/alerts. */
  state: Json;
  /** Increments on every update (compare-and-set). */
  version: number;
}

export interface NewAlertThread {
  channel: string;
  appKey: string;
  /** The latest generation + 1 (1 for the first thread). */
  generation: number;
  state: Json;
}

export interface AlertThreadPatch {
  messageTs?: string;
  lastAt?: number;
  resolvedAt?: number | null;
  state?: Json;
}

export interface RunQuery {
  subscriptionId?: string;
  /** Inclusive "YYYY-MM-DD". */
  sinceDate?: string;
  /** Newest first. */
  limit: number;
}
