// The batch reader's memory budget: how many batch responses are read at once.
import { describe, expect, it } from "vitest";
import { BYTES_PER_POINT, batchCost, type MetricBatch, mapBudget } from "../../src/azure/batch-metrics.ts";

const batch = (n: number): MetricBatch => ({
  subscriptionId: "s",
  region: "westeurope",
  resourceType: "Microsoft.Web/sites",
  ids: Array.from({ length: n }, (_, i) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a${i}`),
});
const DAY = { start: 0, end: 86_400_000 };
const specs = (n: number) => Array.from({ length: n }, () => ({ name: "Requests", aggregations: ["Total" as const] }));

/** Runs mapBudget over jobs that take `ms` each and reports the most that were running at once. */
async function peakConcurrency(costs: number[], limit: number, budget: number) {
  let running = 0;
  let peak = 0;
  const out = await mapBudget(costs, { limit, budget, cost: (c) => c }, async (c) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
    return c * 2;
  });
  return { peak, out };
}

describe("mapBudget", () => {
  it("runs up to the limit when the costs fit the budget, keeping the order of results", async () => {
    const { peak, out } = await peakConcurrency([1, 2, 3, 4, 5, 6], 4, 100);
    expect(peak).toBe(4);
    expect(out).toEqual([2, 4, 6, 8, 10, 12]);
  });

  it("runs fewer at once when the budget is smaller than the limit allows", async () => {
    expect((await peakConcurrency([40, 40, 40, 40, 40], 4, 100)).peak).toBe(2);
  });

  it("still runs a job that alone exceeds the budget, one at a time", async () => {
    const { peak, out } = await peakConcurrency([500, 500, 500], 4, 100);
    expect(peak).toBe(1);
    expect(out).toEqual([1000, 1000, 1000]);
  });

  it("rejects with the first failure", async () => {
    await expect(
      mapBudget([1, 2, 3], { limit: 2, budget: 10, cost: () => 1 }, async (x) => {
        if (x === 2) throw new Error("batch 2 failed");
        return x;
      }),
    ).rejects.toThrow("batch 2 failed");
  });

  it("resolves an empty list", async () => {
    expect(await mapBudget([], { limit: 4, budget: 1, cost: () => 1 }, async () => 1)).toEqual([]);
  });
});

describe("batchCost", () => {
  it("counts resources × metrics × buckets, and assumed instances when split", () => {
    const r = { specs: specs(4), scope: "site" as const, window: DAY, interval: "PT1M", perInstance: false };
    expect(batchCost(batch(50), r)).toBe(50 * 4 * 1440 * BYTES_PER_POINT);
    expect(batchCost(batch(50), { ...r, perInstance: true })).toBe(3 * 50 * 4 * 1440 * BYTES_PER_POINT);
    expect(batchCost(batch(10), { ...r, window: { start: 0, end: 3_600_000 }, interval: "PT5M" })).toBe(
      10 * 4 * 12 * BYTES_PER_POINT,
    );
  });

  it("under the default, reads a fleet's streamed 24 h site batches four at a time and fewer split ones", async () => {
    const { BATCH_CONCURRENCY, DEFAULT_METRICS_BUDGET_BYTES } = await import("../../src/azure/batch-metrics.ts");
    const day = { specs: specs(4), scope: "site" as const, window: DAY, interval: "PT1M", perInstance: false };
    expect(BATCH_CONCURRENCY * batchCost(batch(50), day)).toBeLessThanOrEqual(DEFAULT_METRICS_BUDGET_BYTES);
    const split = { ...day, perInstance: true };
    expect(BATCH_CONCURRENCY * batchCost(batch(50), split)).toBeGreaterThan(DEFAULT_METRICS_BUDGET_BYTES);
    // The smallest budget allowed (32 MB) reads them two at a time.
    expect(2 * batchCost(batch(50), day)).toBeLessThanOrEqual(32 * 2 ** 20);
    expect(3 * batchCost(batch(50), day)).toBeGreaterThan(32 * 2 ** 20);
  });
});
