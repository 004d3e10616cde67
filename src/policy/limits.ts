// Bounds a channel's policy puts on what a change may ask for, whoever approves it. Checked when the
// change is requested and again when it is approved (the policy may have changed in between). Pure.
import type { Binding } from "./policy.ts";

/** What a change asks for, as far as limits go. */
export interface RequestedChange {
  /** Instance count, or the automatic-scaling maximum. */
  instances?: number;
  /** Target SKU name, any case. */
  sku?: string;
}

/** Why the change is outside the binding's limits, or undefined when it is within them. */
export function limitBreach(binding: Binding | undefined, change: RequestedChange): string | undefined {
  const l = binding?.limits;
  if (!l) return undefined;
  if (l.maxInstances !== undefined && change.instances !== undefined && change.instances > l.maxInstances) {
    return (
      `This channel's policy allows at most ${l.maxInstances} instances (${binding.path}.limits.maxInstances); ` +
      `this change asks for ${change.instances}. Ask for ${l.maxInstances} or fewer, or have the policy changed.`
    );
  }
  if (l.skus && change.sku !== undefined && !l.skus.includes(change.sku.toUpperCase())) {
    return (
      `This channel's policy allows scaling up only to ${l.skus.join(", ")} (${binding.path}.limits.skus); ` +
      `this change asks for ${change.sku}.`
    );
  }
  return undefined;
}
