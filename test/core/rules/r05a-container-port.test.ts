import { describe, expect, it } from "vitest";
import type { LogsData } from "../../../src/core/snapshot.ts";
import { emptyLogs, T0 } from "../mothers.ts";
import { fixture, judge } from "./fixture.ts";

const at = (m: number) => T0 + m * 60_000;

function logs(listen?: string, pingPort = 80): LogsData {
  const l = emptyLogs();
  for (const m of [62, 66, 70]) {
    l.platform.push({ t: at(m), message: "Starting container for site" });
    l.platform.push({
      t: at(m) + 230_000,
      message: `Container api_0 didn't respond to HTTP pings on port: ${pingPort}, failing site start. See container logs for debugging.`,
    });
    if (listen) l.console.push({ t: at(m) + 4_000, message: listen });
  }
  return l;
}

const linux = (o: Parameters<typeof fixture>[0] = {}) =>
  fixture({
    os: "linux",
    sku: "B1",
    capacity: 1,
    config: { linuxFxVersion: "DOCKER|acr.io/api:2.4.0" },
    site: { isContainer: true },
    ...o,
  });

describe("R05a container port", () => {
  it("fires High when the console listens on another port than the probed one", () => {
    const r = judge("R05a", linux({ logs: logs("Server listening on http://0.0.0.0:3000") }));
    expect(r).toMatchObject({ fired: true, confidence: "High", facts: { pingPort: 80, listenPort: 3000 } });
    expect(r.evidence.map((e) => e.source)).toEqual(["AppServicePlatformLogs", "AppServiceConsoleLogs"]);
  });

  it("fires High when the server binds to localhost only", () => {
    const r = judge("R05a", linux({ logs: logs("Now listening on: http://127.0.0.1:80") }));
    expect(r).toMatchObject({ fired: true, confidence: "High", facts: { localOnly: true } });
  });

  it("does not fire when the app listens on the probed port", () => {
    expect(judge("R05a", linux({ logs: logs("Listening on port 8080", 8080) })).fired).toBe(false);
  });

  it("is Medium for a custom image with WEBSITES_PORT unset and no console evidence, High with a change and total outage", () => {
    expect(judge("R05a", linux({ logs: logs() })).confidence).toBe("Medium");
    expect(judge("R05a", linux({ logs: logs(), appSettings: { WEBSITES_PORT: "80" } })).fired).toBe(false);
    const raised = linux({
      err: 1,
      logs: logs(),
      changes: [{ at: at(50), operation: "Microsoft.Web/sites/config/write", kind: "config", source: "activityLog" }],
    });
    expect(judge("R05a", raised).confidence).toBe("High");
  });

  it("needs Linux and logs", () => {
    expect(judge("R05a", linux({ os: "windows", logs: logs("Server listening on http://0.0.0.0:3000") })).fired).toBe(
      false,
    );
    expect(judge("R05a", linux()).fired).toBe(false);
  });
});
