// `/appsvc links`: where to look next — the portal's "Diagnose and solve problems" for the resource, and the
// Kudu console and log stream on the site's own SCM host (new apps have hashed regional host names, so the
// host comes from enabledHostNames, never from the app name).
import type { AppRef } from "../../core/snapshot.ts";
import { context, finalize, section } from "./blocks.ts";
import { escapeMrkdwn, link } from "./escape.ts";
import type { SlackMessage } from "./types.ts";
import { appLabel } from "./vocabulary.ts";

export interface LinksViewInput {
  app: AppRef;
  enabledHostNames: string[];
  /** Portal base for sovereign clouds; default https://portal.azure.com. */
  portalBase?: string;
}

const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** The site's SCM host: an enabledHostNames entry with a `.scm.` label, and a valid DNS name. */
export function scmHost(hostNames: string[] | undefined): string | undefined {
  return (hostNames ?? []).find((h) => typeof h === "string" && /\.scm\./i.test(h) && HOST.test(h))?.toLowerCase();
}

/** The portal's "Diagnose and solve problems" blade for a resource ID. */
export function portalDiagnoseUrl(resourceId: string, portalBase = "https://portal.azure.com"): string {
  const base = portalBase.replace(/\/+$/, "");
  const raw = resourceId.toWellFormed();
  const id = raw.startsWith("/") ? raw : `/${raw}`;
  return `${base}/#@/resource${encodeURI(id)}/troubleshoot`;
}

export function linksView(input: LinksViewInput): SlackMessage {
  const { app } = input;
  const label = appLabel(app);
  const lines = [`*Links for ${escapeMrkdwn(label)}*`];
  lines.push(`• ${link(portalDiagnoseUrl(app.id, input.portalBase), "Diagnose and solve problems")} (Azure portal)`);
  const scm = scmHost(input.enabledHostNames);
  if (scm) {
    lines.push(`• ${link(`https://${scm}/DebugConsole`, "Kudu console")} (${escapeMrkdwn(scm)})`);
    lines.push(`• ${link(`https://${scm}/api/logstream`, "Log stream")}`);
  } else {
    lines.push("• Kudu console and log stream: the site lists no SCM host (SCM access may be disabled).");
  }
  return finalize(
    [section(lines.join("\n")), context(["Links open with your own Azure sign-in; the bot's identity is not used."])],
    `Links for ${escapeMrkdwn(label)}: portal diagnostics${scm ? ", Kudu console, log stream" : ""}.`,
  );
}
