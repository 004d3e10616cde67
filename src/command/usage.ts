// Help text as data (per verb: synopsis, summary, one example) and a pure plain-text formatter. The views layer
// may render the data itself (sections, buttons); `helpFor` lists only the verbs a caller may use.
import { AUTOHEAL_PRESETS, FLAGS, specOf, VERBS, type VerbGroup } from "./grammar.ts";
import type { Verb } from "./intent.ts";

export interface VerbHelp {
  verb: Verb;
  synopsis: string[];
  summary: string;
  example: string;
  aliases: readonly string[];
  defaultWindow?: string;
}

export interface HelpGroup {
  group: Exclude<VerbGroup, "help">;
  title: string;
  verbs: VerbHelp[];
}

const win = (v: Verb) => `[--window ${specOf(v).defaultWindow}]`;
const SLOT = "[--slot <slot>]";
const PRESETS = Object.keys(AUTOHEAL_PRESETS).join(", ");
const PARAMS = specOf("autoheal")
  .flags.filter((f) => f !== "slot")
  .map((f) => FLAGS[f].long)
  .join(", ");

const TEXT: Record<Verb, Omit<VerbHelp, "verb" | "aliases" | "defaultWindow">> = {
  status: {
    synopsis: [`status <app> ${win("status")} ${SLOT}`],
    summary: "State, key figures and the likely cause, with a chart.",
    example: "/appsvc status shop-api --window 6h",
  },
  diagnose: {
    synopsis: [`diagnose <app> ${win("diagnose")} ${SLOT}`],
    summary: "Ranked causes of 502/503 with evidence and concrete mitigations.",
    example: "/appsvc diagnose shop-api",
  },
  metrics: {
    synopsis: [`metrics <app> [<metric>…] ${win("metrics")} ${SLOT}`],
    summary: "A chart of the metrics you name (Http5xx, Requests, CpuPercentage, …).",
    example: "/appsvc metrics shop-api Http5xx Requests --window 24h",
  },
  health: {
    synopsis: ["health [<app>]"],
    summary: "Resource Health and active Service Health events.",
    example: "/appsvc health shop-api",
  },
  logs: {
    synopsis: [`logs <app> ${win("logs")}`],
    summary: "5xx by status and instance, slow failures and platform log lines.",
    example: "/appsvc logs shop-api --window 30m",
  },
  links: {
    synopsis: [`links <app> ${SLOT}`],
    summary: "Portal, Kudu, log stream and diagnostics links.",
    example: "/appsvc links shop-api --slot staging",
  },
  collect: {
    synopsis: [`collect <app> [--instance <instance-id>] ${win("collect")} ${SLOT}`],
    summary:
      "Evidence for the incident thread: diagnostics findings, container log or process list, a log stream capture, as files.",
    example: "/appsvc collect shop-api --instance RD0003",
  },
  list: {
    synopsis: ["list [<filter>]"],
    summary: "The apps the bot watches, worst first.",
    example: "/appsvc list shop",
  },
  doctor: {
    synopsis: ["doctor"],
    summary: "Checks the bot's set-up: Slack token and scopes, Azure credential and permissions, store, policy.",
    example: "/appsvc doctor",
  },
  restart: {
    synopsis: [`restart <app> ${SLOT} [--soft]`, "restart <app> --instance <instance-id>"],
    summary: "Restart the app, or reboot the worker of one instance.",
    example: "/appsvc restart shop-api --soft",
  },
  start: { synopsis: [`start <app> ${SLOT}`], summary: "Start a stopped app.", example: "/appsvc start shop-api" },
  stop: { synopsis: [`stop <app> ${SLOT}`], summary: "Stop the app.", example: "/appsvc stop shop-api --slot staging" },
  scale: {
    synopsis: ["scale <app> out <n>", "scale <app> up <sku>"],
    summary: "Set the plan's instance count (1–30), or move the plan to another SKU (S1, P1v3, P1mv3, …).",
    example: "/appsvc scale shop-api out 3",
  },
  autoheal: {
    synopsis: ["autoheal <app> show", "autoheal <app> enable <preset> [--<param> <value>…]", "autoheal <app> disable"],
    summary: `Show, enable or disable auto-heal. Presets: ${PRESETS}. Params: ${PARAMS}.`,
    example: "/appsvc autoheal shop-api enable 5xx --count 250",
  },
  healthcheck: {
    synopsis: [`healthcheck <app> <path> ${SLOT}`],
    summary: "Set the health check path (it must start with /). Changing it restarts the app.",
    example: "/appsvc healthcheck shop-api /healthz",
  },
  dump: {
    synopsis: [`dump <app> --instance <instance-id> [--process <name|pid>] ${SLOT}`],
    summary:
      "A memory dump of one process (Windows; default the app's worker) into the dumps blob container. It pauses the process while it is written.",
    example: "/appsvc dump shop-api --instance RD0003 --process w3wp",
  },
  digest: {
    synopsis: [
      "digest subscribe [HH:MM] [<time zone>] [weekdays|daily] [<scope>…]",
      "digest list",
      "digest unsubscribe <id>",
      "digest now [<scope>…]",
    ],
    summary: "The morning health digest. Scope: all, rg:<name>, sub:<id>, tag:<key>[=<value>] or apps.",
    example: "/appsvc digest subscribe 09:00 Europe/Berlin weekdays rg:rg-shop",
  },
  audit: {
    synopsis: ["audit [<app>] [--days 7] [--json]"],
    summary: "Who asked for, approved and ran which action, and how it ended.",
    example: "/appsvc audit shop-api --days 3 --json",
  },
  help: {
    synopsis: ["help [<command>]"],
    summary: "This overview, or one command in detail.",
    example: "/appsvc help diagnose",
  },
};

const TITLES: Record<HelpGroup["group"], string> = {
  read: "Read",
  act: "Act (needs approval)",
  digest: "Digest",
  audit: "Audit",
};

const APP_FORMS = "<app> is a name (shop-api), rg/name, or a resource ID (…/sites/name[/slots/slot]).";
const WINDOWS = "Windows: 30m, 6h, 24h, 3d (from 5m to 30d).";

export function verbHelp(verb: Verb): VerbHelp {
  const spec = specOf(verb);
  const base = { verb, ...TEXT[verb], aliases: spec.aliases };
  return spec.defaultWindow ? { ...base, defaultWindow: spec.defaultWindow } : base;
}

/** Help data for `verbs` (all by default), grouped Read, Act, Digest, Audit; empty groups left out. */
export function helpData(verbs: readonly Verb[] = VERBS.map((v) => v.verb)): HelpGroup[] {
  const groups: HelpGroup[] = [];
  for (const group of Object.keys(TITLES) as HelpGroup["group"][]) {
    const members = VERBS.filter((v) => v.group === group && verbs.includes(v.verb)).map((v) => verbHelp(v.verb));
    if (members.length) groups.push({ group, title: TITLES[group], verbs: members });
  }
  return groups;
}

/** Plain-text overview of `groups`, with one example per verb. */
export function formatHelp(groups: HelpGroup[]): string {
  const lines: string[] = [];
  for (const g of groups) {
    lines.push(g.title);
    for (const v of g.verbs) {
      lines.push(...v.synopsis.map((s) => `  ${s}`), `      ${v.summary} Example: ${v.example}`);
    }
    lines.push("");
  }
  const h = verbHelp("help");
  lines.push(`${h.synopsis[0]}: ${h.summary}`, APP_FORMS, WINDOWS);
  return lines.join("\n");
}

/** Detail for one verb: synopsis, summary, aliases, window default, app forms, example. */
export function formatVerb(v: VerbHelp): string {
  const spec = specOf(v.verb);
  const lines = [...v.synopsis, v.summary];
  if (v.aliases.length) lines.push(`Aliases: ${v.aliases.join(", ")}.`);
  if (spec.write) lines.push("Needs approval before it runs.");
  if (v.defaultWindow) lines.push(`${WINDOWS} Default ${v.defaultWindow}.`);
  if (v.synopsis.some((s) => s.includes("<app>"))) lines.push(APP_FORMS);
  lines.push(`Example: ${v.example}`);
  return lines.join("\n");
}

/** The overview (no verb) or one verb's usage. */
export function usage(verb?: Verb): string {
  return verb === undefined ? formatHelp(helpData()) : formatVerb(verbHelp(verb));
}

/** The overview restricted to `verbs`, e.g. what the caller's policy allows. */
export function helpFor(verbs: readonly Verb[]): string {
  return formatHelp(helpData(verbs));
}
