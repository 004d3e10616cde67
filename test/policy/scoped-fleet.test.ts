// A channel's reads see only its binding's apps. The Fleet underneath is a hand-written in-memory fake.

import { describe, expect, it } from "vitest";
import { lookupText } from "../../src/core/app-query.ts";
import type { Fleet, Resolution } from "../../src/core/fleet.ts";
import type { AppRef } from "../../src/core/snapshot.ts";
import { scopedFleet } from "../../src/policy/scoped-fleet.ts";
import { app, examplePolicy, OTHER_SUB, prodApp } from "./fixtures.ts";

const inScope = prodApp({ name: "shop-api" });
const outOfScope = app({ name: "shop-api", subscriptionId: OTHER_SUB, resourceGroup: "rg-other" });
const lonely = app({ name: "payroll", subscriptionId: OTHER_SUB, resourceGroup: "rg-hr" });

function fakeFleet(apps: AppRef[]): Fleet & { metricsFor: string[][] } {
  const metricsFor: string[][] = [];
  return {
    metricsFor,
    listApps: async () => apps,
    resolveApp: async (q): Promise<Resolution> => {
      const hits = apps.filter((a) => a.name === lookupText(q));
      if (hits.length === 1) return { kind: "found", app: hits[0] };
      if (hits.length > 1) return { kind: "ambiguous", candidates: hits };
      return { kind: "unknown", query: lookupText(q), suggestions: apps };
    },
    snapshot: async () => {
      throw new Error("not used");
    },
    appParts: async () => {
      throw new Error("not used");
    },
    fleetMetrics: async (list) => {
      metricsFor.push(list.map((a) => a.id));
      return new Map();
    },
  };
}

describe("scopedFleet", () => {
  const policy = examplePolicy();

  it("without a policy, every app is visible (read-only bot)", async () => {
    const base = fakeFleet([inScope, outOfScope]);
    expect(scopedFleet(base, undefined, "C0PRODOPS")).toBe(base);
  });

  it("lists and batches only the channel's apps", async () => {
    const base = fakeFleet([inScope, outOfScope, lonely]);
    const f = scopedFleet(base, policy, "C0PRODOPS");
    expect(await f.listApps()).toEqual([inScope]);
    await f.fleetMetrics([inScope, lonely], { start: 0, end: 1 });
    expect(base.metricsFor).toEqual([[inScope.id]]);
  });

  it("an ambiguous name resolves to the one app the channel may see", async () => {
    const f = scopedFleet(fakeFleet([inScope, outOfScope]), policy, "C0PRODOPS");
    expect(await f.resolveApp("shop-api")).toEqual({ kind: "found", app: inScope });
  });

  it("an app outside the binding is refused with the reason, and suggestions are filtered", async () => {
    const f = scopedFleet(fakeFleet([inScope, lonely]), policy, "C0PRODOPS");
    await expect(f.resolveApp("payroll")).rejects.toMatchObject({
      kind: "forbidden",
      userMessage: expect.stringMatching(/payroll is outside what this channel may see/),
    });
    const unknown = await f.resolveApp("nope");
    expect(unknown).toEqual({ kind: "unknown", query: "nope", suggestions: [inScope] });
  });

  it("an unbound channel sees nothing", async () => {
    const f = scopedFleet(fakeFleet([inScope]), policy, "C0RANDOM");
    expect(await f.listApps()).toEqual([]);
    await expect(f.resolveApp("shop-api")).rejects.toMatchObject({ kind: "forbidden" });
  });
});
