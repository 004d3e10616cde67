// What the contract suite needs from an engine: a fresh, isolated place (a data dir or a schema) where
// stores can be opened, reopened and inspected with raw SQL. Plus a test clock and object mothers.

import type { Row } from "../../src/store/rows.ts";
import type { NewApproval, NewSubscription, Store } from "../../src/store/store.ts";

export interface Site {
  /** Opens (and migrates) a new store instance on this site, driven by `now`. */
  open(now: () => number): Promise<Store>;
  /** Runs SQL on a separate raw connection, bypassing the store. */
  raw(sql: string): Promise<Row[]>;
  dispose(): Promise<void>;
}

export interface Harness {
  engine: "sqlite" | "postgres";
  site(): Promise<Site>;
}

export class TestClock {
  t: number;
  constructor(start = Date.UTC(2025, 5, 2, 7, 0, 0)) {
    this.t = start;
  }
  now = (): number => this.t;
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
}

let seq = 0;

export function approvalMother(clock: TestClock, over: Partial<NewApproval> = {}): NewApproval {
  seq++;
  return {
    correlationId: `corr-${seq}`,
    action: "restart",
    target: { subscriptionId: "sub-1", resourceGroup: "rg-shop", app: "shop-api" },
    params: { soft: true },
    plan: { before: { state: "Running", instances: 2 }, after: { state: "Running", restarted: true } },
    policy: { approvers: ["U_LEAD"], maxPerDay: 3 },
    requestedBy: "U_DEV",
    channel: "C_OPS",
    expiresAt: clock.now() + 15 * 60_000,
    ...over,
  };
}

export function subscriptionMother(over: Partial<NewSubscription> = {}): NewSubscription {
  return {
    channel: "C_OPS",
    time: "09:00",
    timeZone: "Europe/Berlin",
    days: "weekdays",
    scope: { resourceGroups: ["rg-shop"] },
    createdBy: "U_LEAD",
    ...over,
  };
}

/** Opens stores on a site and closes every one of them at the end of the test. */
export class Opened {
  readonly site: Site;
  #stores: Store[] = [];
  constructor(site: Site) {
    this.site = site;
  }
  async open(now: () => number): Promise<Store> {
    const s = await this.site.open(now);
    this.#stores.push(s);
    return s;
  }
  async closeAll(): Promise<void> {
    await Promise.all(this.#stores.map((s) => s.close()));
    this.#stores = [];
  }
}
