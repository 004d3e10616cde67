// What App Service diagnostics would find for a site over a window, from the same samples and logs the other
// routes serve: per-instance peaks, the 5xx share, and the platform's restart and crash lines. The detectors
// and analyses (routes/diagnostics.ts) turn these into abnormal time periods.
import { MINUTE, type SimPlan, type SimSite } from "../fleet.ts";
import type { Sampler } from "../sampler.ts";

export interface Finding {
  detector: "sitememoryanalysis" | "sitecpuanalysis" | "sitecrashes" | "webapprestart" | "http5xx";
  start: number;
  end: number;
  message: string;
}

const STEP = 5 * MINUTE;

export function findings(sampler: Sampler, site: SimSite, plan: SimPlan, from: number, to: number): Finding[] {
  const out: Finding[] = [];
  const peaks = new Map<string, { mem: number; memAt: number; cpu: number; cpuAt: number }>();
  let failed = 0;
  let total = 0;
  let firstBad: number | undefined;
  let lastBad = 0;
  for (let t = Math.floor(from / MINUTE) * MINUTE; t < to; t += STEP) {
    let f = 0;
    let r = 0;
    for (const s of sampler.siteMinute(site, plan, t)) {
      const p = peaks.get(s.instance) ?? { mem: 0, memAt: t, cpu: 0, cpuAt: t };
      if ((s.sample.MemoryPercentage ?? 0) > p.mem) Object.assign(p, { mem: s.sample.MemoryPercentage, memAt: t });
      if ((s.sample.CpuPercentage ?? 0) > p.cpu) Object.assign(p, { cpu: s.sample.CpuPercentage, cpuAt: t });
      peaks.set(s.instance, p);
      f += s.sample.Http5xx ?? 0;
      r += s.sample.Requests ?? 0;
    }
    failed += f;
    total += r;
    if (r > 0 && f / r > 0.05) {
      firstBad ??= t;
      lastBad = t + STEP;
    }
  }
  for (const [instance, p] of peaks) {
    if (p.mem >= 85)
      out.push({
        detector: "sitememoryanalysis",
        start: p.memAt,
        end: p.memAt + STEP,
        message: `Memory usage reached ${Math.round(p.mem)}% on instance ${instance}.`,
      });
    if (p.cpu >= 90)
      out.push({
        detector: "sitecpuanalysis",
        start: p.cpuAt,
        end: p.cpuAt + STEP,
        message: `CPU usage reached ${Math.round(p.cpu)}% on instance ${instance}.`,
      });
  }
  if (firstBad !== undefined && total > 0)
    out.push({
      detector: "http5xx",
      start: firstBad,
      end: lastBad,
      message: `${((failed / total) * 100).toFixed(1)}% of requests failed with HTTP 5xx.`,
    });
  const restarts = site.timeline.filter(
    (e) => e.at >= from && e.at < to && (e.type === "restart" || e.type === "recycle" || e.type === "rebootWorker"),
  );
  if (restarts.length > 0)
    out.push({
      detector: "webapprestart",
      start: restarts[0].at,
      end: restarts[restarts.length - 1].at + MINUTE,
      message: `The app's process restarted ${restarts.length} time${restarts.length === 1 ? "" : "s"} (${[...new Set(restarts.map((e) => (e.type === "recycle" ? `recycle: ${e.reason}` : e.type)))].join(", ")}).`,
    });
  const crashes = (site.behaviour.logs?.(site, plan, from, to).platform ?? []).filter((l) =>
    /failing site start|terminated|exited/i.test(l.message),
  );
  if (crashes.length > 0)
    out.push({
      detector: "sitecrashes",
      start: crashes[0].t,
      end: crashes[crashes.length - 1].t + MINUTE,
      message: `The container failed to start ${crashes.length} time${crashes.length === 1 ? "" : "s"}: ${crashes[crashes.length - 1].message}`,
    });
  return out.sort((a, b) => a.start - b.start);
}
