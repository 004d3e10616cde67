import { describe, expect, it } from "vitest";
import {
  containerStarts,
  crashLines,
  isLocalOnly,
  listeners,
  pingFailures,
  progressOf,
} from "../../../src/core/derived/logs.ts";
import { emptyLogs } from "../mothers.ts";

const withConsole = (...messages: string[]) => {
  const l = emptyLogs();
  l.console = messages.map((message, k) => ({ t: k, message }));
  return l;
};

describe("log patterns", () => {
  it("reads listener ports and bind addresses from common banners", () => {
    const heard = listeners(
      withConsole(
        "Server listening on http://0.0.0.0:3000",
        "Now listening on: http://localhost:5000",
        "Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)",
        "Tomcat started on port 8080 (http) with context path ''",
        "Started BillingApplication in 316.9 seconds",
        "Loading reference cache… 71%",
      ),
    );
    expect(heard.map((h) => h.port)).toEqual([3000, 5000, 8000, 8080]);
    expect(heard.map(isLocalOnly)).toEqual([false, true, true, false]);
  });

  it("reads the probed port and crash traces", () => {
    const l = emptyLogs();
    l.platform.push({ t: 1, message: "Container a didn't respond to HTTP pings on port: 80, failing site start." });
    expect(pingFailures(l)).toEqual([{ t: 1, port: 80 }]);
    expect(
      crashLines(withConsole("Traceback (most recent call last):", "all good", "Process exited with code 1")),
    ).toHaveLength(2);
  });

  it('counts one container start per cycle ("Starting container" and "docker run" together)', () => {
    const l = emptyLogs();
    l.platform = [
      { t: 0, message: "Starting container for site" },
      { t: 500, message: "docker run -d --expose=80 img" },
      { t: 1000, message: "Initiating warmup request to container x for site y" },
      { t: 300_000, message: "Starting container for site" },
    ];
    expect(containerStarts(l).map((x) => x.t)).toEqual([0, 300_000]);
  });

  it("reads a progress percentage", () => {
    expect(progressOf("Loading reference cache… 71%")).toBe(71);
    expect(progressOf("done 100%")).toBeUndefined();
  });
});
