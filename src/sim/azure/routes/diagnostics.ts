// App Service diagnostics, category form: execute an analysis or a detector over a window. Shapes from
// azure-rest-api-specs web/resource-manager/Microsoft.Web/AppService/stable/2024-11-01/examples
// Diagnostics_ExecuteSiteAnalysis.json (abnormalTimePeriods with events, payload, nonCorrelatedDetectors) and
// Diagnostics_ExecuteSiteDetector.json (abnormalTimePeriods); the findings come from collect/findings.ts.
import { findings } from "../collect/findings.ts";
import { type Ctx, ok, type Reply } from "../http.ts";
import { badRequest, HttpError } from "../wire/errors.ts";
import { isoSeconds, parseIsoInstant } from "../wire/time.ts";
import { siteId } from "../world.ts";
import { siteParam } from "./common.ts";

const DAY = 86_400_000;
/** Detectors of the "availability" category and the analyses that correlate them (the portal's IDs). */
const DETECTORS = new Set(["sitecrashes", "webapprestart", "sitecpuanalysis", "sitememoryanalysis"]);
const ANALYSES: Record<string, string[]> = {
  appdownanalysis: ["http5xx", "sitecrashes", "webapprestart", "sitememoryanalysis", "sitecpuanalysis"],
  perfanalysis: ["sitecpuanalysis", "sitememoryanalysis"],
};

function windowOf(ctx: Ctx): { from: number; to: number } {
  const to = parseIsoInstant(ctx.query.endTime) ?? ctx.now;
  const from = parseIsoInstant(ctx.query.startTime) ?? to - DAY;
  if (!(to > from)) throw badRequest("startTime must be before endTime.");
  if (to - from > DAY) throw badRequest("The time range must not exceed 24 hours.");
  return { from, to };
}

function category(ctx: Ctx): void {
  if (ctx.params.category.toLowerCase() !== "availability")
    throw new HttpError(404, "NotFound", `Diagnostic category '${ctx.params.category}' was not found.`);
}

export function executeDetector(ctx: Ctx): Reply {
  category(ctx);
  const { site, plan } = siteParam(ctx);
  const name = ctx.params.detector.toLowerCase();
  if (!DETECTORS.has(name))
    throw new HttpError(404, "NotFound", `Detector '${ctx.params.detector}' was not found for site '${site.name}'.`);
  const { from, to } = windowOf(ctx);
  const hits = findings(ctx.state.sampler, site, plan, from, to).filter((f) => f.detector === name);
  return ok({
    id: `${siteId(site)}/diagnostics/availability/detectors/${name}`,
    name,
    type: "Microsoft.Web/sites/diagnostics/detectors",
    properties: {
      startTime: isoSeconds(from),
      endTime: isoSeconds(to),
      issueDetected: hits.length > 0,
      abnormalTimePeriods: hits.map((h) => ({
        startTime: isoSeconds(h.start),
        endTime: isoSeconds(h.end),
        message: h.message,
        priority: 1,
        type: "ServiceIncident",
        solutions: [],
      })),
    },
  });
}

export function executeAnalysis(ctx: Ctx): Reply {
  category(ctx);
  const { site, plan } = siteParam(ctx);
  const name = ctx.params.analysis.toLowerCase();
  const members = ANALYSES[name];
  if (!members)
    throw new HttpError(404, "NotFound", `Analysis '${ctx.params.analysis}' was not found for site '${site.name}'.`);
  const { from, to } = windowOf(ctx);
  const hits = findings(ctx.state.sampler, site, plan, from, to).filter((f) => members.includes(f.detector));
  return ok({
    id: `${siteId(site)}/diagnostics/availability/analyses/${name}`,
    name,
    properties: {
      startTime: isoSeconds(from),
      endTime: isoSeconds(to),
      abnormalTimePeriods:
        hits.length === 0
          ? []
          : [
              {
                startTime: isoSeconds(Math.min(...hits.map((h) => h.start))),
                endTime: isoSeconds(Math.max(...hits.map((h) => h.end))),
                events: hits.map((h) => ({
                  startTime: isoSeconds(h.start),
                  endTime: isoSeconds(h.end),
                  message: h.message,
                  source: h.detector,
                  priority: 0,
                  metaData: [[{ name: "detector", value: h.detector }]],
                  type: "ServiceIncident",
                  solutions: [],
                })),
                solutions: [],
              },
            ],
      payload: [],
      nonCorrelatedDetectors: [],
    },
  });
}
