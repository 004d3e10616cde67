// The container's docker log on a Linux app, as App Service writes it (`…_docker.log`): platform lines
// "<ISO time> <LEVEL> - <message>" interleaved with the container's own stdout. Built from the scenario's
// platform and console logs, so S3's log shows the container answering on 3000 and the pings on 80 failing.
import type { SimPlan, SimSite } from "../fleet.ts";

const LEVEL: Record<string, string> = { Informational: "INFO ", Warning: "WARN ", Error: "ERROR" };

/** Lines in [from, to), oldest first. A site with no log model shows one clean start. */
export function dockerLogLines(site: SimSite, plan: SimPlan, from: number, to: number): string[] {
  const logs = site.behaviour.logs?.(site, plan, from, to);
  const rows: Array<{ t: number; text: string }> = [];
  for (const p of logs?.platform ?? [])
    rows.push({ t: p.t, text: `${new Date(p.t).toISOString()} ${LEVEL[p.level] ?? "INFO "} - ${p.message}` });
  for (const c of logs?.console ?? []) rows.push({ t: c.t, text: `${new Date(c.t).toISOString()} ${c.message}` });
  if (rows.length === 0) {
    const t = from;
    rows.push(
      { t, text: `${new Date(t).toISOString()} INFO  - Starting container for site` },
      {
        t: t + 60_000,
        text: `${new Date(t + 60_000).toISOString()} INFO  - Container ${site.name}_0 for site ${site.name} initialized successfully and is ready to serve requests.`,
      },
    );
  }
  return rows.sort((a, b) => a.t - b.t).map((r) => r.text);
}
