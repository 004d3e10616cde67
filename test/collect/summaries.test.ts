import { describe, expect, it } from "vitest";
import { markLine, summariseContainerLog } from "../../src/collect/container-log.ts";
import { summariseDiagnostics } from "../../src/collect/diagnostics-summary.ts";
import { appWorkers, findOutlier } from "../../src/collect/process-outliers.ts";
import { scmHostOf } from "../../src/collect/scm-host.ts";
import type { ProcessRow } from "../../src/collect/types.ts";

const w = (instance: string, privateBytes: number, extra: Partial<ProcessRow> = {}): ProcessRow => ({
  instance,
  pid: 4000 + instance.length,
  name: "w3wp",
  scm: false,
  privateBytes,
  threads: 40,
  handles: 900,
  cpuSeconds: 100,
  ...extra,
});
const kudu = (instance: string): ProcessRow => ({ instance, pid: 9, name: "w3wp", scm: true, privateBytes: 9e9 });

describe("findOutlier", () => {
  it("names the instance whose worker holds twice the others' median, memory first", () => {
    const rows = [w("RD0001", 0.8e9), w("RD0002", 0.9e9), w("RD0003", 3.1e9, { threads: 400 }), w("RD0004", 0.7e9)];
    const o = findOutlier([...rows, kudu("RD0001")]);
    expect(o).toMatchObject({ instance: "RD0003", metric: "privateBytes", value: 3.1e9 });
    expect(o?.ratio).toBeCloseTo(3.1 / 0.8, 1);
  });

  it("falls back to threads, handles or CPU when memory is even; none when nothing stands out", () => {
    expect(findOutlier([w("A", 1e9), w("B", 1e9, { handles: 5000 })])).toMatchObject({
      instance: "B",
      metric: "handles",
    });
    expect(findOutlier([w("A", 1e9), w("B", 1.2e9)])).toBeUndefined();
  });

  it("with one instance, names a worker only from 1.5 GB of private bytes; Kudu's worker never counts", () => {
    const single = findOutlier([w("RD0001", 3e9), kudu("RD0001")]);
    expect(single).toMatchObject({ instance: "RD0001", metric: "privateBytes" });
    expect(single?.ratio).toBeUndefined();
    expect(findOutlier([w("RD0001", 1e9), kudu("RD0001")])).toBeUndefined();
    expect(appWorkers([kudu("RD0001")])).toEqual([]);
  });
});

describe("container log marks", () => {
  it("marks startup and crash lines and heads with the platform's ERROR line", () => {
    const tail = [
      "2026-11-24T10:00:00.000Z INFO  - Starting container for site",
      "2026-11-24T10:00:00.500Z INFO  - docker run -d --expose=80 --name api_0 myacr.azurecr.io/api:2.4.0",
      "2026-11-24T10:00:04.000Z Server listening on http://0.0.0.0:3000",
      "2026-11-24T10:03:50.000Z ERROR - Container api_0 didn't respond to HTTP pings on port: 80, failing site start.",
      "2026-11-24T10:03:51.000Z INFO  - Stopping site orders-api because it failed during startup.",
      "plain output",
    ].join("\n");
    const s = summariseContainerLog(tail);
    expect(s.lines.map((l) => l.mark)).toEqual(["startup", "startup", "startup", "crash", "crash", undefined]);
    expect(s.starts).toBe(1);
    expect(s.crashes).toBe(2);
    expect(s.lastCrash).toMatch(/didn't respond to HTTP pings on port: 80/);
    expect(s.lastRun).toMatch(/--expose=80/);
    expect(markLine("Unhandled exception. System.OutOfMemoryException").mark).toBe("crash");
  });

  it("an empty log has no lines and no headline", () => {
    expect(summariseContainerLog("\n\n")).toEqual({ lines: [], crashes: 0, starts: 0 });
  });
});

describe("diagnostics summary", () => {
  it("lists what flagged, newest message first, and leads with a memory or CPU detector", () => {
    const s = summariseDiagnostics([
      {
        kind: "analysis",
        id: "appDownAnalysis",
        issue: true,
        periods: [{ start: 1, end: 2, message: "5.1% of requests failed with HTTP 5xx.", detector: "http5xx" }],
      },
      {
        kind: "detector",
        id: "sitememoryanalysis",
        issue: true,
        periods: [
          { start: 1, end: 2, message: "Memory usage reached 90% on instance RD0003." },
          { start: 5, end: 6, message: "Memory usage reached 97% on instance RD0003." },
        ],
      },
      { kind: "detector", id: "sitecrashes", issue: false, periods: [] },
    ]);
    expect(s.flagged.map((f) => f.id)).toEqual(["appDownAnalysis", "sitememoryanalysis"]);
    expect(s.clean).toEqual(["sitecrashes"]);
    expect(s.headline).toBe("Memory usage reached 97% on instance RD0003.");
  });
});

describe("scmHostOf", () => {
  it("takes the site's own SCM host, unique default hostnames included, and rejects junk", () => {
    expect(scmHostOf(["shop.azurewebsites.net", "shop.scm.azurewebsites.net"])).toBe("shop.scm.azurewebsites.net");
    expect(
      scmHostOf([
        "shop-a6gqaedngad2bkfs.westeurope-01.azurewebsites.net",
        "Shop-A6gqaedngad2bkfs.scm.westeurope-01.azurewebsites.net",
      ]),
    ).toBe("shop-a6gqaedngad2bkfs.scm.westeurope-01.azurewebsites.net");
    expect(scmHostOf(["evil.scm.example.com/path", "x"])).toBeUndefined();
    expect(scmHostOf(undefined)).toBeUndefined();
  });
});
