// The bot's own Azure rights: which permission each action needs, which built-in role grants it, and a
// least-privilege custom role covering every read and write the bot performs. The effective right of a
// person is the policy's grant AND the bot's Azure permission; a 403 is explained with the role to grant.
import { ACTION_LABELS, ACTIONS, type PolicyAction } from "./policy.ts";

export type BuiltInRole = "Website Contributor" | "Web Plan Contributor";

export interface AzureRequirement {
  action: PolicyAction;
  /** The least built-in role that grants it. */
  role: BuiltInRole;
  /** The ARM permission on the site (or plan, or autoscale setting). */
  permission: string;
  /** The same permission on a deployment slot, where the action can target one. */
  slotPermission?: string;
  /** Further permissions the write needs (e.g. reading app settings before merging them). */
  alsoNeeds?: string[];
  /** What to assign the role on. */
  assignOn: "app" | "plan" | "autoscale setting";
  /** Data-plane permissions (a custom role's DataActions), e.g. writing the dump blob. */
  dataActions?: string[];
}

const site = (action: PolicyAction, op: string, alsoNeeds?: (slot: string) => string[]): AzureRequirement => ({
  action,
  role: "Website Contributor",
  permission: `Microsoft.Web/sites/${op}`,
  slotPermission: `Microsoft.Web/sites/slots/${op}`,
  ...(alsoNeeds ? { alsoNeeds: [...alsoNeeds("sites"), ...alsoNeeds("sites/slots")] } : {}),
  assignOn: "app",
});

const REQUIREMENTS: Record<PolicyAction, AzureRequirement> = {
  restart: site("restart", "restart/action"),
  start: site("start", "start/action"),
  stop: site("stop", "stop/action"),
  autoHeal: site("autoHeal", "config/write"),
  healthCheck: site("healthCheck", "config/write"),
  siteConfig: site("siteConfig", "config/write"),
  // App settings hold secrets: reading them before the merge is an action of its own.
  appSetting: site("appSetting", "config/write", (t) => [`Microsoft.Web/${t}/config/list/action`]),
  swapBack: site("swapBack", "slotsswap/action"),
  rebootWorker: {
    action: "rebootWorker",
    role: "Web Plan Contributor",
    permission: "Microsoft.Web/serverfarms/workers/reboot/action",
    assignOn: "plan",
  },
  scaleOut: {
    action: "scaleOut",
    role: "Web Plan Contributor",
    permission: "Microsoft.Web/serverfarms/write",
    assignOn: "plan",
  },
  scaleUp: {
    action: "scaleUp",
    role: "Web Plan Contributor",
    permission: "Microsoft.Web/serverfarms/write",
    assignOn: "plan",
  },
  // The dump is a GET on the process, but it pauses it: a write in the bot's vocabulary. The blob it streams
  // into needs Storage Blob Data Contributor on the dumps container (a data action).
  memoryDump: {
    action: "memoryDump",
    role: "Website Contributor",
    permission: "Microsoft.Web/sites/instances/processes/read",
    slotPermission: "Microsoft.Web/sites/slots/instances/processes/read",
    assignOn: "app",
    dataActions: ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write"],
  },
  // Web Plan Contributor includes Microsoft.Insights/autoscalesettings/*.
  autoscaleProfile: {
    action: "autoscaleProfile",
    role: "Web Plan Contributor",
    permission: "Microsoft.Insights/autoscalesettings/write",
    assignOn: "autoscale setting",
  },
};

export function azureRoleFor(action: PolicyAction): AzureRequirement {
  return REQUIREMENTS[action];
}

/** Every read the bot performs (status, diagnose, metrics, health, logs, digests, the app index). */
export const READ_PERMISSIONS = [
  "Microsoft.Web/sites/read",
  "Microsoft.Web/sites/config/read",
  "Microsoft.Web/sites/instances/read",
  "Microsoft.Web/sites/deployments/read",
  "Microsoft.Web/sites/detectors/read",
  "Microsoft.Web/sites/slots/read",
  "Microsoft.Web/sites/slots/config/read",
  "Microsoft.Web/sites/slots/instances/read",
  "Microsoft.Web/serverfarms/read",
  "Microsoft.Insights/metrics/read",
  "Microsoft.Insights/metricDefinitions/read",
  "Microsoft.Insights/eventtypes/values/read",
  "Microsoft.Insights/autoscalesettings/read",
  "Microsoft.ResourceHealth/availabilityStatuses/read",
  "Microsoft.ResourceHealth/events/read",
  // 502/503 breakdowns from AppServiceHTTPLogs, only when AZURE_LOG_ANALYTICS_* is set.
  "Microsoft.OperationalInsights/workspaces/query/read",
] as const;

/**
 * What `/appsvc collect` reads. Not plain reads in RBAC terms: running diagnostics and fetching container logs
 * are actions, and Kudu (the log stream) authorises an Entra token with publish/Action (Website Contributor).
 */
export const COLLECT_PERMISSIONS = [
  "Microsoft.Web/sites/diagnostics/analyses/execute/Action",
  "Microsoft.Web/sites/diagnostics/detectors/execute/Action",
  "Microsoft.Web/sites/slots/diagnostics/analyses/execute/Action",
  "Microsoft.Web/sites/slots/diagnostics/detectors/execute/Action",
  "Microsoft.Web/sites/containerlogs/action",
  "Microsoft.Web/sites/containerlogs/download/action",
  "Microsoft.Web/sites/slots/containerlogs/action",
  "Microsoft.Web/sites/slots/containerlogs/download/action",
  "Microsoft.Web/sites/instances/processes/read",
  "Microsoft.Web/sites/slots/instances/processes/read",
  "Microsoft.Web/sites/publish/Action",
  "Microsoft.Web/sites/slots/publish/Action",
] as const;

export const CUSTOM_ROLE_NAME = "appsvc-bot operator";
export const PLACEHOLDER_SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000";

export interface CustomRoleDefinition {
  Name: string;
  IsCustom: true;
  Description: string;
  Actions: string[];
  NotActions: string[];
  DataActions: string[];
  NotDataActions: string[];
  AssignableScopes: string[];
}

/**
 * A least-privilege custom role for `az role definition create --role-definition azure-role.json`.
 * Replace the placeholder subscription in AssignableScopes with yours (or pass `scopes`).
 */
export function customRoleDefinition(scopes: string[] = [PLACEHOLDER_SCOPE]): CustomRoleDefinition {
  const writes = ACTIONS.flatMap((a) => {
    const r = REQUIREMENTS[a];
    return [r.permission, ...(r.slotPermission ? [r.slotPermission] : []), ...(r.alsoNeeds ?? [])];
  });
  return {
    Name: CUSTOM_ROLE_NAME,
    IsCustom: true,
    Description:
      "appsvc-bot: reads App Service apps, plans, metrics, activity log and health; restarts, starts, stops, scales and configures them after a person approved the change in Slack.",
    Actions: [...new Set([...READ_PERMISSIONS, ...COLLECT_PERMISSIONS, ...writes])],
    NotActions: [],
    DataActions: [...new Set(ACTIONS.flatMap((a) => REQUIREMENTS[a].dataActions ?? []))],
    NotDataActions: [],
    AssignableScopes: scopes,
  };
}

/** For an Azure 403 on an approved action: what to grant the bot's identity, and where. */
export function forbiddenHint(action: PolicyAction, opts: { scope?: string; slot?: boolean } = {}): string {
  const r = REQUIREMENTS[action];
  const permission = opts.slot && r.slotPermission ? r.slotPermission : r.permission;
  const where = opts.scope ? ` on ${opts.scope}` : ` on the ${r.assignOn} (or its resource group)`;
  return `${ACTION_LABELS[action]} needs ${permission}: grant the bot's identity ${r.role}${where}, or the custom role in azure-role.json.`;
}
