// The simulator's Azure Monitor: metric alert rules on scenario apps, evaluated on the simulated clock
// like a stateful metric alert (Fired when the condition starts to hold over its window, Resolved when it
// stops), each change POSTed to a webhook in the common alert schema (payload.ts), as an action group would.
import { randomUUID } from "node:crypto";
import type { SimFleet, SimSite } from "../fleet.ts";
import { computeMetrics } from "../metrics-engine.ts";
import { Sampler } from "../sampler.ts";
import { type Aggregation, findMetric } from "../wire/metric-catalog.ts";
import { resolveResource } from "../world.ts";
import { metricAlertPayload } from "./payload.ts";

export interface SimAlertRule {
  name: string;
  /** 0..4 */
  severity: number;
  /** A Microsoft.Web/sites metric, e.g. "Http5xx", "AverageResponseTime", "HealthCheckStatus", "MemoryWorkingSet". */
  metric: string;
  operator: "GreaterThan" | "LessThan";
  threshold: number;
  aggregation: "Average" | "Total" | "Maximum" | "Minimum";
  windowMinutes: number;
}

/** The rules the README's `az monitor metrics alert create` examples make (docs/alerts.md). */
export function defaultAlertRules(): SimAlertRule[] {
  return [
    {
      name: "http5xx",
      severity: 1,
      metric: "Http5xx",
      operator: "GreaterThan",
      threshold: 10,
      aggregation: "Total",
      windowMinutes: 5,
    },
    {
      name: "slow-responses",
      severity: 2,
      metric: "AverageResponseTime",
      operator: "GreaterThan",
      threshold: 5,
      aggregation: "Average",
      windowMinutes: 5,
    },
    {
      name: "health-check",
      severity: 1,
      metric: "HealthCheckStatus",
      operator: "LessThan",
      threshold: 100,
      aggregation: "Average",
      windowMinutes: 5,
    },
    {
      name: "memory-high",
      severity: 2,
      metric: "MemoryWorkingSet",
      operator: "GreaterThan",
      threshold: 1.5 * 1024 ** 3,
      aggregation: "Average",
      windowMinutes: 5,
    },
  ];
}

export interface FiringOptions {
  fleet: SimFleet;
  /** Rules per site. */
  rules: Array<{ site: SimSite; rule: SimAlertRule }>;
  /** The webhook URL, token included (`https://bot/alerts/azure-monitor?token=…`). */
  webhookUrl: string;
  /** A bearer token per request (secure webhook). */
  bearer?: () => Promise<string>;
  onSent?: (e: SentAlert) => void;
}

export interface SentAlert {
  site: string;
  rule: string;
  condition: "Fired" | "Resolved";
  value: number;
  status: number;
}

const siteId = (s: SimSite) =>
  `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Web/sites/${s.name}${s.slot ? `/slots/${s.slot}` : ""}`;

export class AlertFiring {
  readonly #o: FiringOptions;
  readonly #sampler: Sampler;
  /** Fired alerts: rule key → its alert GUID and when it fired. */
  readonly #firing = new Map<string, { guid: string; firedAt: number }>();
  #timer?: NodeJS.Timeout;

  constructor(o: FiringOptions) {
    this.#o = o;
    this.#sampler = new Sampler(o.fleet);
  }

  /** The rule's value over its window ending now; undefined when the metric has no data there. */
  value(site: SimSite, rule: SimAlertRule): number | undefined {
    const def = findMetric("Microsoft.Web/sites", rule.metric);
    if (!def) throw new Error(`unknown metric ${rule.metric}`);
    const now = this.#o.fleet.clock.now();
    const windowMs = rule.windowMinutes * 60_000;
    const to = Math.floor(now / 60_000) * 60_000;
    const agg = rule.aggregation.toLowerCase() as Aggregation;
    const [[series]] = computeMetrics(
      this.#o.fleet,
      this.#sampler,
      {
        target: resolveResource(this.#o.fleet, siteId(site)),
        from: to - windowMs,
        to,
        grainMs: windowMs,
        now,
        split: "none",
      },
      [def],
      [[agg]],
    );
    return series?.data.at(-1)?.[agg];
  }

  /** Evaluates every rule once; sends what changed. */
  async tick(): Promise<SentAlert[]> {
    const sent: SentAlert[] = [];
    const now = this.#o.fleet.clock.now();
    for (const { site, rule } of this.#o.rules) {
      const key = `${siteId(site).toLowerCase()} ${rule.name}`;
      const v = this.value(site, rule);
      const holds = v !== undefined && (rule.operator === "GreaterThan" ? v > rule.threshold : v < rule.threshold);
      const open = this.#firing.get(key);
      if (holds && !open) {
        const f = { guid: randomUUID(), firedAt: now };
        this.#firing.set(key, f);
        sent.push(await this.#send(site, rule, f, "Fired", v ?? 0, now));
      } else if (!holds && open && v !== undefined) {
        this.#firing.delete(key);
        sent.push(await this.#send(site, rule, open, "Resolved", v, now));
      }
    }
    return sent;
  }

  /** Evaluates every `everyMs` of wall time (the simulated clock may run faster). */
  start(everyMs = 60_000): void {
    const run = () => {
      this.tick().then(
        () => {
          this.#timer = setTimeout(run, everyMs);
          this.#timer.unref();
        },
        () => {
          this.#timer = setTimeout(run, everyMs);
          this.#timer.unref();
        },
      );
    };
    run();
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  async #send(
    site: SimSite,
    rule: SimAlertRule,
    f: { guid: string; firedAt: number },
    condition: "Fired" | "Resolved",
    value: number,
    now: number,
  ): Promise<SentAlert> {
    const body = metricAlertPayload({
      alertGuid: f.guid,
      subscriptionId: site.subscriptionId,
      targetId: siteId(site),
      rule: rule.name,
      severity: rule.severity,
      condition,
      firedAt: f.firedAt,
      ...(condition === "Resolved" ? { resolvedAt: now } : {}),
      metric: rule.metric,
      operator: rule.operator,
      threshold: rule.threshold,
      observed: Math.round(value * 1000) / 1000,
      aggregation: rule.aggregation,
      windowMinutes: rule.windowMinutes,
    });
    const bearer = this.#o.bearer ? await this.#o.bearer() : undefined;
    let status = 0;
    try {
      const res = await fetch(this.#o.webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify(body),
      });
      status = res.status;
      await res.body?.cancel();
    } catch {
      status = 0;
    }
    const e = { site: site.name, rule: rule.name, condition, value, status };
    this.#o.onSent?.(e);
    return e;
  }
}
