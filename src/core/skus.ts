// App Service plan SKU facts and the scale-up ladders (docs/glossary.md#sku-facts). Keyed on sku.name,
// case-insensitive. Memory is in MiB: "1.75 GB" is 1.75 GiB = 1792 MiB, which is what AH-MEM's
// privateBytesInKB (1,835,008 KB for S1) is built from. null = the reference does not know.

export interface SkuFacts {
  name: string;
  tier: string;
  /** null for shared compute (F1, D1) or undocumented (v4). */
  vcpu: number | null;
  memoryMB: number | null;
  maxInstances: number;
  /** Outbound TCP connections per instance (the AppConnections ceiling). */
  outboundConnections: number | null;
  /** Next SKU up when memory is the bottleneck; null at the top. */
  nextForMemory: string | null;
  /** Next SKU with twice the vCPU; null at the top. */
  nextForCpu: string | null;
}

const GB = 1024;

function row(
  name: string,
  tier: string,
  vcpu: number | null,
  memoryGB: number | null,
  maxInstances: number,
  outboundConnections: number | null,
  nextForMemory: string | null,
  nextForCpu: string | null,
): SkuFacts {
  const memoryMB = memoryGB === null ? null : Math.round(memoryGB * GB);
  return { name, tier, vcpu, memoryMB, maxInstances, outboundConnections, nextForMemory, nextForCpu };
}

// Memory ladder [I]: Basic climbs its own family, then Premium v3; Standard and the legacy Premium
// tiers go to Premium v3 (P0v3 4 GiB is the first step above S1, as scenario S1 expects), then the
// memory-optimised Pmv3. CPU ladder: double the vCPU in the same family.
const ROWS: SkuFacts[] = [
  row("F1", "Free", null, 1, 1, 600, "B1", "B1"),
  row("D1", "Shared", null, 1, 1, 600, "B1", "B1"),
  row("B1", "Basic", 1, 1.75, 3, 1920, "B2", "B2"),
  row("B2", "Basic", 2, 3.5, 3, 3968, "B3", "B3"),
  row("B3", "Basic", 4, 7, 3, 8064, "P1v3", "P3v3"),
  row("S1", "Standard", 1, 1.75, 10, 1920, "P0v3", "S2"),
  row("S2", "Standard", 2, 3.5, 10, 3968, "P1v3", "S3"),
  row("S3", "Standard", 4, 7, 10, 8064, "P1v3", "P3v3"),
  row("P1", "Premium", 1, 1.75, 20, 1920, "P0v3", "P2"),
  row("P2", "Premium", 2, 3.5, 20, 3968, "P1v3", "P3"),
  row("P3", "Premium", 4, 7, 20, 8064, "P1v3", "P3v3"),
  row("P1v2", "PremiumV2", 1, 3.5, 30, 1920, "P1v3", "P2v2"),
  row("P2v2", "PremiumV2", 2, 7, 30, 3968, "P1v3", "P3v2"),
  row("P3v2", "PremiumV2", 4, 14, 30, 8064, "P2v3", "P3v3"),
  row("P0v3", "Premium0V3", 1, 4, 30, 1920, "P1v3", "P1v3"),
  row("P1v3", "PremiumV3", 2, 8, 30, 1920, "P1mv3", "P2v3"),
  row("P2v3", "PremiumV3", 4, 16, 30, 3968, "P2mv3", "P3v3"),
  row("P3v3", "PremiumV3", 8, 32, 30, 8064, "P3mv3", "P4mv3"),
  row("P1mv3", "PremiumMV3", 2, 16, 30, 1920, "P2mv3", "P2mv3"),
  row("P2mv3", "PremiumMV3", 4, 32, 30, 3968, "P3mv3", "P3mv3"),
  row("P3mv3", "PremiumMV3", 8, 64, 30, 8064, "P4mv3", "P4mv3"),
  row("P4mv3", "PremiumMV3", 16, 128, 30, 8064, "P5mv3", "P5mv3"),
  row("P5mv3", "PremiumMV3", 32, 256, 30, 8064, null, null),
  // Premium v4 (preview): vCPU and memory undocumented in the reference, so no ladder through them.
  row("P0v4", "PremiumV4", null, null, 30, null, null, null),
  row("P1v4", "PremiumV4", null, null, 30, null, null, null),
  row("P2v4", "PremiumV4", null, null, 30, null, null, null),
  row("P3v4", "PremiumV4", null, null, 30, null, null, null),
  row("P1mv4", "PremiumMV4", null, null, 30, null, null, null),
  row("P2mv4", "PremiumMV4", null, null, 30, null, null, null),
  row("P3mv4", "PremiumMV4", null, null, 30, null, null, null),
  row("P4mv4", "PremiumMV4", null, null, 30, null, null, null),
  row("P5mv4", "PremiumMV4", null, null, 30, null, null, null),
  row("I1v2", "IsolatedV2", 2, 8, 100, 16000, "I1mv2", "I2v2"),
  row("I2v2", "IsolatedV2", 4, 16, 100, 16000, "I2mv2", "I3v2"),
  row("I3v2", "IsolatedV2", 8, 32, 100, 16000, "I3mv2", "I4v2"),
  row("I4v2", "IsolatedV2", 16, 64, 100, 16000, "I4mv2", "I5v2"),
  row("I5v2", "IsolatedV2", 32, 128, 100, 16000, "I5mv2", "I6v2"),
  row("I6v2", "IsolatedV2", 64, 256, 100, 16000, null, null),
  row("I1mv2", "IsolatedMV2", 2, 16, 100, 16000, "I2mv2", "I2mv2"),
  row("I2mv2", "IsolatedMV2", 4, 32, 100, 16000, "I3mv2", "I3mv2"),
  row("I3mv2", "IsolatedMV2", 8, 64, 100, 16000, "I4mv2", "I4mv2"),
  row("I4mv2", "IsolatedMV2", 16, 128, 100, 16000, "I5mv2", "I5mv2"),
  row("I5mv2", "IsolatedMV2", 32, 256, 100, 16000, null, null),
];

const BY_NAME = new Map(ROWS.map((r) => [r.name.toLowerCase(), r]));

export const SKUS: readonly SkuFacts[] = ROWS;

export function skuFacts(name: string | undefined | null): SkuFacts | undefined {
  if (typeof name !== "string") return undefined;
  return BY_NAME.get(name.trim().toLowerCase());
}

/** Free and Shared: quota-limited tiers (R04), by name first, tier string as a fallback. */
export function isFreeOrShared(skuName: string | undefined, skuTier: string | undefined): boolean {
  const tier = skuFacts(skuName)?.tier ?? skuTier ?? "";
  const t = tier.toLowerCase();
  return t === "free" || t === "shared";
}

/** Smallest step up the memory ladder whose memory covers `needMB`; undefined when none is known. */
export function scaleUpForMemory(from: string, needMB: number): SkuFacts | undefined {
  let cur = skuFacts(from);
  for (let guard = 0; cur && guard < 12; guard++) {
    const next = skuFacts(cur.nextForMemory);
    if (!next) return undefined;
    if (next.memoryMB !== null && next.memoryMB >= needMB) return next;
    cur = next;
  }
  return undefined;
}

/** The next SKU with (about) twice the vCPU. */
export function scaleUpForCpu(from: string): SkuFacts | undefined {
  return skuFacts(skuFacts(from)?.nextForCpu);
}
