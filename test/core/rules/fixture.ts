// Noise-free snapshots with one incident, for threshold-edge tests: 2 instances, 100 requests per
// instance per minute, an incident at minutes [60, 90) (buckets 12–17) with 10 % 5xx.

import { buildContext } from "../../../src/core/derived/context.ts";
import type { RuleId, RuleResult } from "../../../src/core/diagnosis.ts";
import { evaluateRules } from "../../../src/core/evaluate.ts";
import type { Snapshot } from "../../../src/core/snapshot.ts";
import { type MotherOpts, type Shape, snapshot } from "../mothers.ts";

export const INC_FROM = 60;
export const INC_TO = 90;
export const REQ = 100;

export const inIncident = (m: number) => m >= INC_FROM && m < INC_TO;

/** `inside` during the incident minutes, `outside` otherwise. */
export function step(inside: number | null, outside: number | null, from = INC_FROM, to = INC_TO): Shape {
  return (m) => (m >= from && m < to ? inside : outside);
}

export interface FixtureOpts extends MotherOpts {
  /** 5xx share during the incident (default 10 %); 0 = no incident. */
  err?: number;
}

export function fixture(o: FixtureOpts = {}): Snapshot {
  const err = o.err ?? 0.1;
  return snapshot({
    capacity: 2,
    r5: REQ * 5 * (o.capacity ?? 2),
    noNoise: true,
    ...o,
    metrics: {
      Http5xx: (m) => (inIncident(m) ? Math.round(REQ * err) : 0),
      ...o.metrics,
    },
  });
}

/** The rule's result after the full evaluation (so rules that read others see them). */
export function judge(id: RuleId, s: Snapshot, explicit = false): RuleResult {
  return evaluateRules(buildContext(s, { explicit })).byId.get(id)!;
}

export function fires(id: RuleId, s: Snapshot, explicit = false): boolean {
  return judge(id, s, explicit).fired;
}
