// Stable worker (instance) names: "RD0001"… on Windows, "lw0sdlwk0000XX" on Linux, where XX is two hex
// digits derived from the plan name so two Linux plans do not share names. Scale-out appends workerName(plan, i).

export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function workerName(plan: { name: string; reserved: boolean }, index: number): string {
  if (!plan.reserved) return `RD${String(index + 1).padStart(4, "0")}`;
  const base = hashString(plan.name) & 0xff;
  const suffix = ((base + index) & 0xff).toString(16).toUpperCase().padStart(2, "0");
  const hi = Math.floor(index / 256); // keeps names unique past 256 workers (never in practice)
  return `lw${hi}sdlwk0000${suffix}`;
}

export function workerNames(plan: { name: string; reserved: boolean }, count: number): string[] {
  return Array.from({ length: count }, (_, i) => workerName(plan, i));
}
