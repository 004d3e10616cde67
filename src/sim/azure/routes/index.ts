// The route table: stable ids (recorded on SimRequest, matched by faults), patterns, auth and RBAC actions.
// Slot variants share their production route's id; the path tells them apart.

import { getKeys } from "../entra.ts";
import type { Handler } from "../http.ts";
import type { AuthKind, RouteDef } from "../router.ts";
import { getSubscription, listPermissions } from "./authorization.ts";
import { getAutoscale, listAutoscale, patchAutoscale } from "./autoscale.ts";
import { putBlob } from "./blob.ts";
import { containerLogs, containerLogsZip } from "./container-logs.ts";
import { getDetector, listDetectors } from "./detectors.ts";
import { executeAnalysis, executeDetector } from "./diagnostics.ts";
import { currentAvailability, listServiceHealthEvents } from "./health.ts";
import { listActivity } from "./insights.ts";
import { logStream } from "./kudu.ts";
import { queryBatch, queryWorkspace } from "./logs.ts";
import { batchMetrics, listMetricDefinitions, listMetrics } from "./metrics.ts";
import {
  getPlan,
  listPlanSites,
  listPlans,
  operationResult,
  patchPlan,
  putPlan,
  rebootWorker,
  restartSites,
} from "./plans.ts";
import { getInstanceProcess, getInstanceProcessDump, listInstanceProcesses } from "./processes.ts";
import {
  getConfig,
  listAppSettings,
  patchConfig,
  putAppSettings,
  putConfig,
  restart,
  start,
  stop,
} from "./site-actions.ts";
import { getInstance, getSite, listDeployments, listInstances, listProcesses, listSites, listSlots } from "./sites.ts";

const SUB = "subscriptions/{sub}";
const RG = `${SUB}/resourceGroups/{rg}`;
const WEB = `${RG}/providers/Microsoft.Web`;
const SITE = `${WEB}/sites/{name}`;
const SLOT = `${SITE}/slots/{slot}`;
const PLAN = `${WEB}/serverfarms/{name}`;

const r = (
  id: string,
  method: string,
  pattern: string,
  action: string,
  handler: Handler,
  auth: AuthKind = "arm",
): RouteDef => ({
  id,
  method,
  pattern,
  action,
  handler,
  auth,
});

/** A route for the site and its slot variant. */
const both = (id: string, method: string, tail: string, action: string, handler: Handler): RouteDef[] => [
  r(id, method, `${SITE}${tail}`, action, handler),
  r(id, method, `${SLOT}${tail}`, action.replace("Microsoft.Web/sites/", "Microsoft.Web/sites/slots/"), handler),
];

export const ROUTES: RouteDef[] = [
  r("subscriptions.get", "GET", SUB, "Microsoft.Resources/subscriptions/read", getSubscription),
  r(
    "permissions.list",
    "GET",
    "{+scope}/providers/Microsoft.Authorization/permissions",
    "Microsoft.Authorization/permissions/read",
    listPermissions,
  ),
  r("entra.keys", "GET", "{tenant}/discovery/v2.0/keys", "", getKeys, "none"),
  r("sites.list", "GET", `${SUB}/providers/Microsoft.Web/sites`, "Microsoft.Web/sites/read", listSites),
  r("sites.list", "GET", `${WEB}/sites`, "Microsoft.Web/sites/read", listSites),
  r("sites.get", "GET", SITE, "Microsoft.Web/sites/read", getSite),
  r("slots.list", "GET", `${SITE}/slots`, "Microsoft.Web/sites/slots/read", listSlots),
  r("slots.get", "GET", SLOT, "Microsoft.Web/sites/slots/read", getSite),
  ...both("config.get", "GET", "/config/web", "Microsoft.Web/sites/config/read", getConfig),
  ...both("config.patch", "PATCH", "/config/web", "Microsoft.Web/sites/config/write", patchConfig),
  ...both("config.put", "PUT", "/config/web", "Microsoft.Web/sites/config/write", putConfig),
  ...both(
    "appsettings.list",
    "POST",
    "/config/appsettings/list",
    "Microsoft.Web/sites/config/list/action",
    listAppSettings,
  ),
  ...both("appsettings.put", "PUT", "/config/appsettings", "Microsoft.Web/sites/config/write", putAppSettings),
  ...both("sites.restart", "POST", "/restart", "Microsoft.Web/sites/restart/action", restart),
  ...both("sites.stop", "POST", "/stop", "Microsoft.Web/sites/stop/action", stop),
  ...both("sites.start", "POST", "/start", "Microsoft.Web/sites/start/action", start),
  ...both("instances.list", "GET", "/instances", "Microsoft.Web/sites/instances/read", listInstances),
  ...both("instances.get", "GET", "/instances/{instance}", "Microsoft.Web/sites/instances/read", getInstance),
  ...both("processes.list", "GET", "/processes", "Microsoft.Web/sites/processes/read", listProcesses),
  ...both(
    "instanceProcesses.list",
    "GET",
    "/instances/{instance}/processes",
    "Microsoft.Web/sites/instances/processes/read",
    listInstanceProcesses,
  ),
  ...both(
    "instanceProcesses.get",
    "GET",
    "/instances/{instance}/processes/{process}",
    "Microsoft.Web/sites/instances/processes/read",
    getInstanceProcess,
  ),
  ...both(
    "instanceProcesses.dump",
    "GET",
    "/instances/{instance}/processes/{process}/dump",
    "Microsoft.Web/sites/instances/processes/read",
    getInstanceProcessDump,
  ),
  ...both("containerLogs.tail", "POST", "/containerlogs", "Microsoft.Web/sites/containerlogs/action", containerLogs),
  ...both(
    "containerLogs.zip",
    "POST",
    "/containerlogs/zip/download",
    "Microsoft.Web/sites/containerlogs/download/action",
    containerLogsZip,
  ),
  ...both(
    "diagnostics.analysis",
    "POST",
    "/diagnostics/{category}/analyses/{analysis}/execute",
    "Microsoft.Web/sites/diagnostics/analyses/execute/Action",
    executeAnalysis,
  ),
  ...both(
    "diagnostics.detector",
    "POST",
    "/diagnostics/{category}/detectors/{detector}/execute",
    "Microsoft.Web/sites/diagnostics/detectors/execute/Action",
    executeDetector,
  ),
  ...both("deployments.list", "GET", "/deployments", "Microsoft.Web/sites/deployments/read", listDeployments),
  ...both("detectors.list", "GET", "/detectors", "Microsoft.Web/sites/detectors/read", listDetectors),
  ...both("detectors.get", "GET", "/detectors/{detector}", "Microsoft.Web/sites/detectors/read", getDetector),
  r("plans.list", "GET", `${SUB}/providers/Microsoft.Web/serverfarms`, "Microsoft.Web/serverfarms/read", listPlans),
  r("plans.list", "GET", `${WEB}/serverfarms`, "Microsoft.Web/serverfarms/read", listPlans),
  r("plans.get", "GET", PLAN, "Microsoft.Web/serverfarms/read", getPlan),
  r("plans.patch", "PATCH", PLAN, "Microsoft.Web/serverfarms/write", patchPlan),
  r("plans.put", "PUT", PLAN, "Microsoft.Web/serverfarms/write", putPlan),
  r(
    "plans.operationResult",
    "GET",
    `${PLAN}/operationresults/{operation}`,
    "Microsoft.Web/serverfarms/read",
    operationResult,
  ),
  r("plans.sites", "GET", `${PLAN}/sites`, "Microsoft.Web/serverfarms/sites/read", listPlanSites),
  r(
    "plans.restartSites",
    "POST",
    `${PLAN}/restartSites`,
    "Microsoft.Web/serverfarms/restartSites/action",
    restartSites,
  ),
  r(
    "plans.rebootWorker",
    "POST",
    `${PLAN}/workers/{worker}/reboot`,
    "Microsoft.Web/serverfarms/workers/reboot/action",
    rebootWorker,
  ),
  r(
    "autoscale.list",
    "GET",
    `${SUB}/providers/Microsoft.Insights/autoscalesettings`,
    "Microsoft.Insights/autoscalesettings/read",
    listAutoscale,
  ),
  r(
    "autoscale.list",
    "GET",
    `${RG}/providers/Microsoft.Insights/autoscalesettings`,
    "Microsoft.Insights/autoscalesettings/read",
    listAutoscale,
  ),
  r(
    "autoscale.get",
    "GET",
    `${RG}/providers/Microsoft.Insights/autoscalesettings/{name}`,
    "Microsoft.Insights/autoscalesettings/read",
    getAutoscale,
  ),
  r(
    "autoscale.patch",
    "PATCH",
    `${RG}/providers/Microsoft.Insights/autoscalesettings/{name}`,
    "Microsoft.Insights/autoscalesettings/write",
    patchAutoscale,
  ),
  r(
    "activity.list",
    "GET",
    `${SUB}/providers/Microsoft.Insights/eventtypes/management/values`,
    "Microsoft.Insights/eventtypes/values/read",
    listActivity,
  ),
  r(
    "events.list",
    "GET",
    `${SUB}/providers/Microsoft.ResourceHealth/events`,
    "Microsoft.ResourceHealth/events/read",
    listServiceHealthEvents,
  ),
  r(
    "health.current",
    "GET",
    "{+resource}/providers/Microsoft.ResourceHealth/availabilityStatuses/current",
    "Microsoft.ResourceHealth/availabilityStatuses/read",
    currentAvailability,
  ),
  r(
    "metrics.list",
    "GET",
    "{+resource}/providers/Microsoft.Insights/metrics",
    "Microsoft.Insights/metrics/read",
    listMetrics,
  ),
  r(
    "metricDefinitions.list",
    "GET",
    "{+resource}/providers/Microsoft.Insights/metricDefinitions",
    "Microsoft.Insights/metricDefinitions/read",
    listMetricDefinitions,
  ),
  r(
    "metrics.batch",
    "POST",
    "{region}/subscriptions/{sub}/metrics:getBatch",
    "Microsoft.Insights/metrics/read",
    batchMetrics,
    "data",
  ),
  r(
    "metrics.batch",
    "POST",
    "subscriptions/{sub}/metrics:getBatch",
    "Microsoft.Insights/metrics/read",
    batchMetrics,
    "data",
  ),
  r(
    "logs.query",
    "POST",
    "v1/workspaces/{workspace}/query",
    "Microsoft.OperationalInsights/workspaces/query/read",
    queryWorkspace,
    "data",
  ),
  r("logs.batch", "POST", "v1/$batch", "Microsoft.OperationalInsights/workspaces/query/read", queryBatch, "data"),
  // Kudu on the site's SCM host: an ARM-audience bearer token, authorised by Microsoft.Web/sites/publish/Action.
  r("kudu.logstream", "GET", "scm/{host}/api/logstream", "Microsoft.Web/sites/publish/Action", logStream, "data"),
  {
    ...r(
      "blob.put",
      "PUT",
      "blob/{account}/{container}/{blob}",
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
      putBlob,
      "data",
    ),
    rawBody: true,
  },
];
