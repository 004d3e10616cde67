// Azure Monitor's common alert schema (docs/alerts.md) → one Alert the rest of the bot reads. Pure: no I/O.
// Lenient where Azure is inconsistent (numbers as strings, nulls for fields a signal type lacks, ServiceHealth
// sending enums as numbers), strict where routing and exactly-once depend on it (schemaId, alertId,
// monitorCondition).

export const COMMON_SCHEMA_ID = "azureMonitorCommonAlertSchema";

export type MonitorCondition = "Fired" | "Resolved";
export type SignalKind = "metric" | "log" | "activity" | "resourceHealth" | "serviceHealth" | "other";

/** What crossed which line: metric and log search alerts (static and dynamic thresholds). */
export interface AlertCondition {
  metric: string;
  operator: string;
  /** As Azure sent it ("25", "47658"); dynamic thresholds send the learned bound. */
  threshold: string;
  observed?: number;
  aggregation?: string;
  /** ISO 8601 duration of the evaluation window, e.g. "PT5M". */
  windowSize?: string;
  dynamic: boolean;
}

export interface Alert {
  /** `/subscriptions/…/providers/Microsoft.AlertsManagement/alerts/<guid>` (or the rule ID for test actions). */
  alertId: string;
  rule: string;
  /** 0 (Sev0, critical) … 4 (Sev4, verbose); 4 when Azure sends none. */
  severity: number;
  signalType: string;
  kind: SignalKind;
  monitoringService: string;
  monitorCondition: MonitorCondition;
  /**
   * One notification of the alert: its condition and times as Azure sent them. Action-group retries repeat
   * it exactly (handled once); a repeat firing of the same alert ID carries a new time (handled as a repeat).
   */
  notification: string;
  targetIds: string[];
  /** The first target's name (or configuration item), for alerts about something other than an app. */
  targetName?: string;
  firedAt: number;
  resolvedAt?: number;
  description: string;
  conditions: AlertCondition[];
  /** The evaluation window the alert describes (metric and log v2 alerts carry one). */
  window?: { start: number; end: number };
  /** Activity log, Resource Health and Service Health: the event's title or operation. */
  event?: { title: string; status?: string; detail?: string };
}

export type ParseResult = { ok: true; alert: Alert } | { ok: false; reason: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const num = (v: unknown): number | undefined => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};
const time = (v: unknown): number | undefined => {
  if (typeof v !== "string" || !v) return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
};

function kindOf(signalType: string, service: string): SignalKind {
  const s = signalType.toLowerCase();
  const m = service.toLowerCase().replace(/\s+/g, "");
  if (m === "resourcehealth") return "resourceHealth";
  if (m === "servicehealth") return "serviceHealth";
  if (s === "metric") return "metric";
  if (s === "log") return "log";
  if (s === "activity log") return "activity";
  return "other";
}

function conditionsOf(ctx: Obj): AlertCondition[] {
  const cond = isObj(ctx.condition) ? ctx.condition : undefined;
  const all = Array.isArray(cond?.allOf) ? cond.allOf : [];
  const dynamic = str(ctx.conditionType) === "DynamicThresholdCriteria";
  const windowSize = str(cond?.windowSize) || undefined;
  const out: AlertCondition[] = [];
  for (const c of all) {
    if (!isObj(c)) continue;
    const metric = str(c.metricName) || str(c.searchQuery) || str(c.metricMeasureColumn);
    out.push({
      metric: metric || "condition",
      operator: str(c.operator),
      threshold: str(c.threshold),
      ...(num(c.metricValue) === undefined ? {} : { observed: num(c.metricValue) }),
      ...(str(c.timeAggregation) ? { aggregation: str(c.timeAggregation) } : {}),
      ...(windowSize ? { windowSize } : {}),
      dynamic: dynamic || isObj(c.failingPeriods) || str(c.alertSensitivity) !== "",
    });
  }
  // Log search alerts v1 (Application Insights / Log Analytics): one threshold at the top level.
  if (out.length === 0 && (ctx.Threshold !== undefined || ctx.SearchQuery !== undefined)) {
    out.push({
      metric: str(ctx.SearchQuery) || "log search",
      operator: str(ctx.Operator),
      threshold: str(ctx.Threshold),
      ...(num(ctx.ResultCount) === undefined ? {} : { observed: num(ctx.ResultCount) }),
      ...(num(ctx.SearchIntervalInMinutes) === undefined
        ? {}
        : { windowSize: `PT${num(ctx.SearchIntervalInMinutes)}M` }),
      dynamic: false,
    });
  }
  // Metric alerts' dynamic flag is per criterion; the static-threshold failingPeriods of log v2 are not dynamic.
  if (str(ctx.conditionType) === "LogQueryCriteria") for (const c of out) c.dynamic = false;
  return out;
}

function eventOf(ctx: Obj, kind: SignalKind): Alert["event"] {
  if (kind !== "activity" && kind !== "resourceHealth" && kind !== "serviceHealth") return undefined;
  const props = isObj(ctx.properties) ? ctx.properties : {};
  const title = str(props.title) || str(ctx.operationName) || "activity log event";
  const status =
    kind === "resourceHealth"
      ? [str(props.previousHealthStatus), str(props.currentHealthStatus)].filter(Boolean).join(" → ")
      : str(ctx.status);
  const detail =
    kind === "resourceHealth"
      ? [str(props.type), str(props.cause)].filter(Boolean).join(", ")
      : kind === "serviceHealth"
        ? [str(props.service), str(props.region), str(props.incidentType), str(props.stage)].filter(Boolean).join(" · ")
        : str(ctx.caller);
  return { title, ...(status ? { status } : {}), ...(detail ? { detail } : {}) };
}

/** Parses a decoded JSON body. Refusals say what was wrong, for the 400 and the log. */
export function parseCommonAlert(body: unknown): ParseResult {
  if (!isObj(body)) return { ok: false, reason: "the body is not a JSON object" };
  if (body.schemaId !== COMMON_SCHEMA_ID)
    return {
      ok: false,
      reason: `schemaId ${JSON.stringify(body.schemaId ?? null).slice(0, 60)} is not ${COMMON_SCHEMA_ID}: enable the common alert schema on the action group's webhook`,
    };
  const data = isObj(body.data) ? body.data : undefined;
  const e = data && isObj(data.essentials) ? data.essentials : undefined;
  if (!e) return { ok: false, reason: "data.essentials is missing" };
  const alertId = str(e.alertId);
  if (!alertId) return { ok: false, reason: "data.essentials.alertId is missing" };
  const mc = str(e.monitorCondition);
  if (mc !== "Fired" && mc !== "Resolved")
    return {
      ok: false,
      reason: `data.essentials.monitorCondition must be Fired or Resolved, not ${JSON.stringify(mc)}`,
    };
  const firedAt = time(e.firedDateTime);
  if (firedAt === undefined) return { ok: false, reason: "data.essentials.firedDateTime is missing or not a date" };
  const sev = /^Sev([0-4])$/i.exec(str(e.severity));
  const signalType = str(e.signalType);
  const monitoringService = str(e.monitoringService);
  const kind = kindOf(signalType, monitoringService);
  const ctx = isObj(data?.alertContext) ? data.alertContext : {};
  const cond = isObj(ctx.condition) ? ctx.condition : {};
  const ws = time(cond.windowStartTime);
  const we = time(cond.windowEndTime);
  const resolvedAt = time(e.resolvedDateTime);
  const event = eventOf(ctx, kind);
  const targetIds = Array.isArray(e.alertTargetIDs) ? e.alertTargetIDs.map(str).filter(Boolean) : [];
  const items = Array.isArray(e.configurationItems) ? e.configurationItems.map(str).filter(Boolean) : [];
  const targetName = targetIds[0]?.split("/").filter(Boolean).pop() ?? items[0];
  return {
    ok: true,
    alert: {
      alertId,
      rule: str(e.alertRule) || "unnamed rule",
      severity: sev ? Number(sev[1]) : 4,
      signalType,
      kind,
      monitoringService,
      monitorCondition: mc,
      notification: [mc, str(e.firedDateTime), mc === "Resolved" ? str(e.resolvedDateTime) : ""].join(" ").trim(),
      targetIds,
      ...(targetName ? { targetName } : {}),
      firedAt,
      ...(resolvedAt === undefined ? {} : { resolvedAt }),
      description: str(e.description),
      conditions: conditionsOf(ctx),
      ...(ws !== undefined && we !== undefined && we >= ws ? { window: { start: ws, end: we } } : {}),
      ...(event ? { event } : {}),
    },
  };
}

/** "PT5M" → 300000; undefined for what it cannot read. */
export function isoDurationMs(d: string | undefined): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(d ?? "");
  if (!m || d === "P" || d === "PT") return undefined;
  const [, days, h, min, s] = m.map((x) => Number(x ?? 0));
  return (((days * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/** The App Service site (or slot) an alert is about: the first target that is one, normalised casing kept. */
export function appTargetOf(alert: Alert): string | undefined {
  return alert.targetIds.find((id) =>
    /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.web\/sites\/[^/]+(\/slots\/[^/]+)?$/i.test(
      id,
    ),
  );
}
