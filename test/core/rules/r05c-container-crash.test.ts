import { describe, expect, it } from "vitest";
import type { ChangeEvent, LogsData } from "../../../src/core/snapshot.ts";
import { emptyLogs, T0 } from "../mothers.ts";
import { fixture, judge } from "./fixture.ts";

const at = (m: number) => T0 + m * 60_000;

function crashLoop(opts: { starts: number[]; exits?: boolean; trace?: boolean }): LogsData {
  const l = emptyLogs();
  for (const m of opts.starts) {
    l.platform.push({ t: at(m), message: "Starting container for site" });
    if (opts.exits)
      l.platform.push({ t: at(m) + 20_000, message: "Container api_0 for site api has exited, failing site start" });
    if (opts.trace)
      l.console.push({ t: at(m) + 10_000, message: "Traceback (most recent call last): KeyError: 'DB_URL'" });
  }
  return l;
}

const config: ChangeEvent = {
  at: at(55),
  operation: "Microsoft.Web/sites/config/write",
  kind: "config",
  source: "activityLog",
};
const linux = (logs: LogsData, changes: ChangeEvent[] = []) =>
  fixture({ os: "linux", capacity: 1, err: 1, logs, changes });

describe("R05c container crash during startup", () => {
  it("fires Medium on exits plus a trace, High with a config change", () => {
    expect(judge("R05c", linux(crashLoop({ starts: [60], exits: true, trace: true })))).toMatchObject({
      fired: true,
      confidence: "Medium",
    });
    expect(judge("R05c", linux(crashLoop({ starts: [60], exits: true, trace: true }), [config])).confidence).toBe(
      "High",
    );
  });

  it("needs a trace before the app listens", () => {
    expect(judge("R05c", linux(crashLoop({ starts: [60], exits: true }))).fired).toBe(false);
  });

  it("counts a restart loop at 3 starts in 30 min (edge: 2 vs 3)", () => {
    expect(judge("R05c", linux(crashLoop({ starts: [60, 70], trace: true }))).fired).toBe(false);
    expect(judge("R05c", linux(crashLoop({ starts: [60, 70, 80], trace: true }))).fired).toBe(true);
    expect(judge("R05c", linux(crashLoop({ starts: [60, 75, 90], trace: true }))).fired).toBe(false);
  });
});
