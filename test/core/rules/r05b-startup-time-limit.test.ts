import { describe, expect, it } from "vitest";
import { newStartLimit } from "../../../src/core/rules/r05b-startup-time-limit.ts";
import type { LogsData } from "../../../src/core/snapshot.ts";
import { emptyLogs, T0 } from "../mothers.ts";
import { fixture, judge } from "./fixture.ts";

const at = (m: number) => T0 + m * 60_000;

/** Container starts every 5 min from minute 60; each fails after `failSec`. */
function cycles(failSec: number, consoleLine?: (start: number) => { t: number; message: string }): LogsData {
  const l = emptyLogs();
  for (let m = 60; m < 90; m += 5) {
    l.platform.push({ t: at(m), message: "Starting container for site" });
    l.platform.push({
      t: at(m) + failSec * 1000,
      message: "Container x didn't respond to HTTP pings on port: 8080, failing site start.",
    });
    if (consoleLine) l.console.push(consoleLine(at(m)));
  }
  return l;
}

const progress = (start: number) => ({ t: start + 225_000, message: "Loading reference cache… 71%" });
const linux = (logs: LogsData, appSettings: Record<string, string> = {}) =>
  fixture({ os: "linux", capacity: 1, logs, appSettings, err: 1 });

describe("R05b startup time limit", () => {
  it("fires when time to failure is the limit ± 15 s (edges 14, 15, 16 s over 230)", () => {
    expect(judge("R05b", linux(cycles(244, progress))).fired).toBe(true);
    expect(judge("R05b", linux(cycles(245, progress))).fired).toBe(true);
    expect(judge("R05b", linux(cycles(246, progress))).fired).toBe(false);
    expect(judge("R05b", linux(cycles(214, progress))).fired).toBe(false);
  });

  it("reads the configured limit", () => {
    expect(judge("R05b", linux(cycles(600, progress), { WEBSITES_CONTAINER_START_TIME_LIMIT: "600" })).fired).toBe(
      true,
    );
    expect(judge("R05b", linux(cycles(230, progress), { WEBSITES_CONTAINER_START_TIME_LIMIT: "600" })).fired).toBe(
      false,
    );
  });

  it("projects the startup from a progress line: 71 % at 225 s → ≈ 317 s → limit 480", () => {
    const r = judge("R05b", linux(cycles(230, progress)));
    expect(r).toMatchObject({ fired: true, confidence: "High", facts: { observedSec: 317, newLimitSec: 480 } });
  });

  it("does not fire when the console shows a crash or a listener", () => {
    const crash = (s: number) => ({
      t: s + 5_000,
      message: "Exception in thread main java.lang.IllegalStateException",
    });
    const listen = (s: number) => ({ t: s + 5_000, message: "Tomcat started on port 8080 (http)" });
    expect(judge("R05b", linux(cycles(230, crash))).fired).toBe(false);
    expect(judge("R05b", linux(cycles(230, listen))).fired).toBe(false);
  });

  it("is one level lower without any console line", () => {
    expect(judge("R05b", linux(cycles(230))).confidence).toBe("Medium");
  });

  it("caps the new limit at 1800 s and rounds up to a minute", () => {
    expect(newStartLimit(317)).toBe(480);
    expect(newStartLimit(401)).toBe(660);
    expect(newStartLimit(5000)).toBe(1800);
  });
});
