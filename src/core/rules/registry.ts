// Every rule of the catalogue (docs/rules.md), in evaluation order: a rule that reads another's result comes after it
// (R07 reads R08, R13 reads R10, R20 reads everything).

import type { RuleId } from "../diagnosis.ts";
import { R01 } from "./r01-platform-incident.ts";
import { R02 } from "./r02-planned-maintenance.ts";
import { R03 } from "./r03-app-stopped.ts";
import { R04 } from "./r04-quota-exceeded.ts";
import { R05a } from "./r05a-container-port.ts";
import { R05b } from "./r05b-startup-time-limit.ts";
import { R05c } from "./r05c-container-crash.ts";
import { R06 } from "./r06-ancm-start-failure.ts";
import { R07 } from "./r07-crash-loop.ts";
import { R08 } from "./r08-memory.ts";
import { R09 } from "./r09-cpu-saturation.ts";
import { R10 } from "./r10-frontend-timeout.ts";
import { R11 } from "./r11-slow-dependency.ts";
import { R12 } from "./r12-snat-exhaustion.ts";
import { R13 } from "./r13-bad-instance.ts";
import { R14 } from "./r14-health-check.ts";
import { R15 } from "./r15-recent-change.ts";
import { R16 } from "./r16-cold-start.ts";
import { R17 } from "./r17-capacity.ts";
import { R18 } from "./r18-noisy-neighbour.ts";
import { R19 } from "./r19-autoscale-guard.ts";
import { R20 } from "./r20-app-errors.ts";
import type { Rule } from "./rule.ts";

export const RULES: readonly Rule[] = [
  R03,
  R04,
  R01,
  R02,
  R05a,
  R05b,
  R05c,
  R06,
  R15,
  R10,
  R13,
  R08,
  R09,
  R17,
  R12,
  R11,
  R07,
  R14,
  R16,
  R18,
  R19,
  R20,
];

export const RULES_BY_ID: ReadonlyMap<RuleId, Rule> = new Map(RULES.map((r) => [r.id, r]));
