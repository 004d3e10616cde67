// The simulator's SKU facts (docs/glossary.md#sku-facts): what a plan's `sku` looks like on the wire, and the
// vCPU and memory the behaviours scale against. Keyed on sku.name, case-insensitive.

const GIB = 1024 ** 3;

export interface SimSku {
  name: string;
  tier: string;
  family: string;
  size: string;
  vcpu: number;
  memoryBytes: number;
  maxWorkers: number;
}

type Row = [name: string, tier: string, family: string, vcpu: number, memGiB: number, maxWorkers: number];

const ROWS: Row[] = [
  ["F1", "Free", "F", 1, 1, 1],
  ["D1", "Shared", "D", 1, 1, 1],
  ["B1", "Basic", "B", 1, 1.75, 3],
  ["B2", "Basic", "B", 2, 3.5, 3],
  ["B3", "Basic", "B", 4, 7, 3],
  ["S1", "Standard", "S", 1, 1.75, 10],
  ["S2", "Standard", "S", 2, 3.5, 10],
  ["S3", "Standard", "S", 4, 7, 10],
  ["P1", "Premium", "P", 1, 1.75, 20],
  ["P2", "Premium", "P", 2, 3.5, 20],
  ["P3", "Premium", "P", 4, 7, 20],
  ["P1v2", "PremiumV2", "Pv2", 1, 3.5, 30],
  ["P2v2", "PremiumV2", "Pv2", 2, 7, 30],
  ["P3v2", "PremiumV2", "Pv2", 4, 14, 30],
  ["P0v3", "Premium0V3", "Pv3", 1, 4, 30],
  ["P1v3", "PremiumV3", "Pv3", 2, 8, 30],
  ["P2v3", "PremiumV3", "Pv3", 4, 16, 30],
  ["P3v3", "PremiumV3", "Pv3", 8, 32, 30],
  ["P1mv3", "PremiumMV3", "Pmv3", 2, 16, 30],
  ["P2mv3", "PremiumMV3", "Pmv3", 4, 32, 30],
  ["P3mv3", "PremiumMV3", "Pmv3", 8, 64, 30],
  ["I1v2", "IsolatedV2", "Iv2", 2, 8, 100],
  ["I2v2", "IsolatedV2", "Iv2", 4, 16, 100],
  ["I3v2", "IsolatedV2", "Iv2", 8, 32, 100],
];

const BY_NAME = new Map<string, SimSku>(
  ROWS.map(([name, tier, family, vcpu, memGiB, maxWorkers]) => [
    name.toLowerCase(),
    { name, tier, family, size: name, vcpu, memoryBytes: memGiB * GIB, maxWorkers },
  ]),
);

// sample() looks the SKU up on every call: cache by the exact spelling to skip toLowerCase.
const EXACT = new Map<string, SimSku>();

/** SKU facts by name; unknown names fall back to S1-sized facts so a behaviour never divides by zero. */
export function skuFacts(name: string): SimSku {
  let sku = EXACT.get(name);
  if (!sku) {
    sku = BY_NAME.get(name.toLowerCase()) ?? { ...BY_NAME.get("s1")!, name, size: name };
    EXACT.set(name, sku);
  }
  return sku;
}

export function isKnownSku(name: string): boolean {
  return BY_NAME.has(name.toLowerCase());
}
