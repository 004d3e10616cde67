// The one table of the changes the bot can make (docs/glossary.md "change kind"). Everything else derives
// from it: the policy's action names and labels, the words in messages, the slash-command verb that carries
// it, the AzureWriter operation that executes it, its main risk, and the name stored with an approval.
// `stored` names are the store's format (kept stable for existing databases); `policy` is the action a
// binding must grant.

export const CHANGES = {
  restart: {
    policy: "restart",
    label: "Restart",
    doing: "restarting",
    verb: "restart",
    operation: "restart",
    stored: "restart",
    risk: "A restart drops in-flight requests on every instance; caches and warm-up start over.",
  },
  start: {
    policy: "start",
    label: "Start",
    doing: "starting",
    verb: "start",
    operation: "start",
    stored: "start",
    risk: "The app starts serving traffic again: make sure it was not stopped on purpose.",
  },
  stop: {
    policy: "stop",
    label: "Stop",
    doing: "stopping",
    verb: "stop",
    operation: "stop",
    stored: "stop",
    risk: "The app stops serving: every request fails until it is started again.",
  },
  scaleOut: {
    policy: "scaleOut",
    label: "Scale out",
    doing: "scaling out",
    verb: "scale",
    operation: "scalePlan",
    stored: "scale-out",
    risk: "More instances cost more; every app on the plan is scaled with it.",
  },
  scaleUp: {
    policy: "scaleUp",
    label: "Scale up",
    doing: "scaling up",
    verb: "scale",
    operation: "scalePlan",
    stored: "scale-up",
    risk: "Scaling up may move the app to new instances: expect a restart. A higher SKU costs more.",
  },
  autoHeal: {
    policy: "autoHeal",
    label: "Auto-heal",
    doing: "updating auto-heal",
    verb: "autoheal",
    operation: "siteConfig",
    stored: "autoheal",
    risk: "Auto-heal is a temporary mitigation: recycles hide the root cause, so follow up on it.",
  },
  healthCheck: {
    policy: "healthCheck",
    label: "Health check",
    doing: "setting the health check",
    verb: "healthcheck",
    operation: "siteConfig",
    stored: "healthcheck",
    risk: "Instances that fail the check are taken out of rotation, and replaced after an hour.",
  },
  appSetting: {
    policy: "appSetting",
    label: "App setting change",
    doing: "changing the app setting",
    verb: null,
    operation: "appSettings",
    stored: "app-setting",
    risk: "Saving app settings restarts the app. The full list is read, merged and written back.",
  },
  siteConfig: {
    policy: "siteConfig",
    label: "Site config change",
    doing: "changing the site config",
    verb: null,
    operation: "siteConfig",
    stored: "site-config",
    risk: "Changing site configuration restarts the app.",
  },
  swapBack: {
    policy: "swapBack",
    label: "Slot swap back",
    doing: "swapping the slots back",
    verb: null,
    operation: null,
    stored: "swap-back",
    risk: "Swapping back puts the previous build in production; warm-up applies as for any swap.",
  },
  autoscaleProfile: {
    policy: "autoscaleProfile",
    label: "Autoscale profile change",
    doing: "changing the autoscale profile",
    verb: "scale",
    operation: "autoscaleProfile",
    stored: "autoscale-profile",
    risk: "Autoscale keeps at least the new minimum running, which costs more until it is lowered.",
  },
  rebootWorker: {
    policy: "rebootWorker",
    label: "Worker reboot",
    doing: "rebooting the worker",
    verb: "restart",
    operation: "rebootWorker",
    stored: "reboot-worker",
    risk: "Every app on that worker restarts; the platform moves them while it reboots.",
  },
  memoryDump: {
    policy: "memoryDump",
    label: "Memory dump",
    doing: "taking the memory dump",
    verb: "dump",
    operation: "memoryDump",
    stored: "memory-dump",
    risk: "The process is paused while the dump is written (seconds to minutes for a large one); the dump holds secrets.",
  },
  automaticScaling: {
    // The plan's elastic maximum is how far it may scale out: granted with scaleOut.
    policy: "scaleOut",
    label: "Automatic scaling change",
    doing: "changing automatic scaling",
    verb: "scale",
    operation: "planElastic",
    stored: "automatic-scaling",
    risk: "More instances cost more; every app on the plan is scaled with it.",
  },
} as const;

export type ChangeKind = keyof typeof CHANGES;
/** What a policy binding grants: the kinds that are their own policy action. */
export type PolicyAction = (typeof CHANGES)[ChangeKind]["policy"];
/** The name stored with an approval (`Approval.action`). */
export type StoredChange = (typeof CHANGES)[ChangeKind]["stored"];

export const CHANGE_KINDS = Object.keys(CHANGES) as ChangeKind[];

/** The policy's actions, in the table's order. */
export const POLICY_ACTIONS: readonly PolicyAction[] = CHANGE_KINDS.filter(
  (k) => CHANGES[k].policy === k,
) as PolicyAction[];

const BY_STORED = new Map<string, ChangeKind>(CHANGE_KINDS.map((k) => [CHANGES[k].stored, k]));
const BY_LOOSE = new Map<string, ChangeKind>(
  CHANGE_KINDS.flatMap((k) => [
    [k.toLowerCase(), k],
    [CHANGES[k].stored.replace(/-/g, ""), k],
  ]),
);

/** The kind of a stored approval's action ("scale-out" → scaleOut); undefined for an unknown name. */
export function changeOfStored(stored: string): ChangeKind | undefined {
  return BY_STORED.get(stored);
}

/** Any spelling a person or an older record may use ("scale-up", "scaleUp", "Reboot worker") → the kind. */
export function changeKindOf(name: string): ChangeKind | undefined {
  return BY_LOOSE.get(name.replace(/[-_\s]/g, "").toLowerCase());
}

/** "restarting", "scaling out": for the interim line while a change runs. */
export function doingWordOf(stored: string): string {
  const k = changeOfStored(stored);
  return k ? CHANGES[k].doing : "applying the change";
}
