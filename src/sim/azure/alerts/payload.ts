// Common alert schema payloads as Azure Monitor's action groups send them to a webhook. Shape from
// Microsoft's "Sample alert payloads" (MicrosoftDocs/azure-monitor-docs,
// articles/azure-monitor/alerts/alerts-payload-samples.md): essentials + a metric alert's alert context
// (SingleResourceMultipleMetricCriteria, or DynamicThresholdCriteria).

export interface MetricAlertSpec {
  /** The fired alert's GUID (the same on its repeats and its resolution). */
  alertGuid: string;
  subscriptionId: string;
  /** The App Service site (or slot) resource ID. */
  targetId: string;
  rule: string;
  /** 0..4 */
  severity: number;
  condition: "Fired" | "Resolved";
  firedAt: number;
  resolvedAt?: number;
  metric: string;
  operator: "GreaterThan" | "LessThan" | "GreaterThanOrEqual" | "LessThanOrEqual";
  threshold: number;
  observed: number;
  aggregation: "Average" | "Total" | "Maximum" | "Minimum" | "Count";
  windowMinutes: number;
  dynamic?: boolean;
  description?: string;
}

const iso = (t: number) => new Date(t).toISOString();

export function metricAlertPayload(a: MetricAlertSpec): Record<string, unknown> {
  const windowEnd = a.condition === "Resolved" && a.resolvedAt !== undefined ? a.resolvedAt : a.firedAt;
  const name = a.targetId.split("/").pop() ?? "";
  const rg = /\/resourceGroups\/([^/]+)/i.exec(a.targetId)?.[1] ?? "rg";
  return {
    schemaId: "azureMonitorCommonAlertSchema",
    data: {
      essentials: {
        alertId: `/subscriptions/${a.subscriptionId}/providers/Microsoft.AlertsManagement/alerts/${a.alertGuid}`,
        alertRule: a.rule,
        severity: `Sev${a.severity}`,
        signalType: "Metric",
        monitorCondition: a.condition,
        monitoringService: "Platform",
        alertTargetIDs: [a.targetId.toLowerCase()],
        configurationItems: [name],
        originAlertId: `${a.subscriptionId}_${rg}_microsoft.insights_metricAlerts_${a.rule}_${a.alertGuid.slice(0, 8)}`,
        firedDateTime: iso(a.firedAt),
        ...(a.condition === "Resolved" && a.resolvedAt !== undefined ? { resolvedDateTime: iso(a.resolvedAt) } : {}),
        description: a.description ?? "",
        essentialsVersion: "1.0",
        alertContextVersion: "1.0",
      },
      alertContext: {
        properties: null,
        conditionType: a.dynamic ? "DynamicThresholdCriteria" : "SingleResourceMultipleMetricCriteria",
        condition: {
          windowSize: `PT${a.windowMinutes}M`,
          allOf: [
            {
              ...(a.dynamic
                ? {
                    alertSensitivity: "Medium",
                    failingPeriods: { numberOfEvaluationPeriods: 4, minFailingPeriodsToAlert: 3 },
                    ignoreDataBefore: null,
                  }
                : {}),
              metricName: a.metric,
              metricNamespace: "Microsoft.Web/sites",
              operator: a.operator,
              threshold: String(a.threshold),
              timeAggregation: a.aggregation,
              dimensions: [],
              metricValue: a.observed,
            },
          ],
          windowStartTime: iso(windowEnd - a.windowMinutes * 60_000),
          windowEndTime: iso(windowEnd),
        },
      },
    },
  };
}
