// The Store contract suite: the same cases against every adapter. Each case gets a fresh site (a data
// dir or a schema), a test clock and an open store; every store it opens is closed afterwards.

import { afterEach, beforeEach } from "vitest";
import { alertsContract } from "./contract-alerts.ts";
import { approvalContract, type Ctx } from "./contract-approvals.ts";
import { recordsContract } from "./contract-records.ts";
import { verificationsContract } from "./contract-verifications.ts";
import { type Harness, Opened, type Site, TestClock } from "./harness.ts";

export function storeContract(harness: () => Harness): void {
  let ctx: (Ctx & { site: Site }) | undefined;

  beforeEach(async () => {
    const site = await harness().site();
    const opened = new Opened(site);
    const clock = new TestClock();
    ctx = { site, opened, clock, store: await opened.open(clock.now) };
  });

  afterEach(async () => {
    if (!ctx) return;
    await ctx.opened.closeAll();
    await ctx.site.dispose();
    ctx = undefined;
  });

  const get = () => {
    if (!ctx) throw new Error("contract context not set up");
    return ctx;
  };
  approvalContract(get);
  recordsContract(get);
  alertsContract(get);
  verificationsContract(get);
}
