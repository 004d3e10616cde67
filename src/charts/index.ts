// Public entry points of the chart layer: data in, PNG bytes out. The bot renders on the chart worker
// (the *OffThread functions); these render from the calling thread (the worker itself, tests, benchmarks).
import { buildFleetChart, type FleetChartInput } from "./fleet-chart.ts";
import { renderSpec } from "./render.ts";
import { buildStatusChart, type StatusChartInput } from "./status-chart.ts";

export type { FleetChartInput } from "./fleet-chart.ts";
export { renderFleetChartOffThread, renderStatusChartOffThread, stopChartWorker } from "./off-thread.ts";
export type { StatusChartInput } from "./status-chart.ts";

/** The `/appsvc status` chart: requests/5xx, response time, CPU and memory per instance. */
export function renderStatusChart(input: StatusChartInput): Promise<Buffer> {
  return renderSpec(buildStatusChart(input));
}

/** The digest's fleet chart: 5xx rate per app over the window, offenders highlighted. */
export function renderFleetChart(input: FleetChartInput): Promise<Buffer> {
  return renderSpec(buildFleetChart(input));
}
