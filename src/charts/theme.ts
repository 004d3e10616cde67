// One light theme for every chart: white background, quiet grid, Datadog/Grafana-like colours.
// Red is reserved for errors, thresholds and incidents so it always means "bad".

export const theme = {
  background: "#ffffff",
  text: "#111827",
  textMuted: "#6b7280",
  grid: "#eceef2",
  axis: "#d1d5db",
  requests: "#4e79a7",
  requestsFill: "rgba(78, 121, 167, 0.16)",
  error: "#d92d20",
  threshold: "#d92d20",
  incidentFill: "rgba(240, 68, 56, 0.11)",
  incidentText: "#b42318",
  latencyAvg: "#4e79a7",
  latencyMax: "#f28e2b",
  muted: "#c3c8d0",
  others: "#9aa1ac",
  noData: "#9ca3af",
  /** Per-series colours, no red: distinct on white and in the small Slack preview. */
  series: [
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#b07aa1",
    "#76b7b2",
    "#d4a514",
    "#ff9da7",
    "#9c755f",
    "#2f4b7c",
    "#8cd17d",
  ],
} as const;

/** Font sizes in logical px (the canvas is rendered at 2x). */
export const typography = {
  title: 17,
  subtitle: 12,
  panelTitle: 13,
  tick: 11,
  legend: 11,
  annotation: 10,
  noData: 13,
} as const;

export const layout = {
  /** Logical width of every chart; 2x gives 1760 px, sharp in Slack's expanded view. */
  width: 880,
  headerHeight: 58,
  /** Fixed axis widths keep the plot areas of stacked panels aligned on the time axis. */
  leftAxisWidth: 48,
  rightAxisWidth: 48,
  paddingX: 14,
  footerPadding: 8,
  pixelRatio: 2,
} as const;

export function seriesColor(i: number): string {
  return theme.series[i % theme.series.length];
}
