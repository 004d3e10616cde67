// The scenario library the acceptance suite runs: S1–S8 and the wider set built from the rule catalogue
// (docs/scenarios.md). Each name has an expectation in expectations.ts.

export const ACCEPTANCE_SCENARIOS = [
  "S1",
  "S2",
  "S3",
  "S4",
  "S5",
  "S6",
  "S7",
  "S8",
  "S9",
  "S10",
  "S11",
  "S12",
  "S13",
  "S14",
  "S15",
  "S16",
  "S17",
  "S18",
  "S19",
  "S20",
  "S21",
  "S22",
  "S23",
  "S24",
  "S25",
  "H1",
  "H2",
] as const;

export type AcceptanceScenario = (typeof ACCEPTANCE_SCENARIOS)[number];
