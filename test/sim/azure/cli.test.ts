import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { WebSiteManagementClient } from "@azure/arm-appservice";
import { describe, expect, it } from "vitest";
import { parseArgs } from "../../../src/sim/azure/cli.ts";
import { manualClock } from "../../../src/sim/azure/fleet.ts";
import { buildScenario } from "../../../src/sim/azure/scenarios/index.ts";
import { startAzureSim } from "../../../src/sim/azure/server.ts";
import { clients, NOW, staticCredential } from "./fixture.ts";

describe("cli", () => {
  it("parses --scenario and --seed", () => {
    expect(parseArgs([])).toEqual({ scenario: "demo", seed: undefined });
    expect(parseArgs(["--scenario", "S3", "--seed=4"])).toEqual({ scenario: "S3", seed: 4 });
  });

  it("prints the bot's environment and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["src/sim/azure/cli.ts", "--scenario", "demo"], {
      cwd: new URL("../../../", import.meta.url).pathname,
      env: { ...process.env, SIM_PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("NODE_EXTRA_CA_CERTS")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`exited early (${code}): ${out}`)));
    });
    const env = Object.fromEntries([...out.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
    expect(Object.keys(env).sort()).toEqual(
      [
        "AZURE_LOG_ANALYTICS_ENDPOINT",
        "AZURE_LOG_ANALYTICS_WORKSPACE_ID",
        "AZURE_METRICS_BATCH_ENDPOINT",
        "AZURE_RESOURCE_MANAGER_ENDPOINT",
        "AZURE_SUBSCRIPTION_IDS",
        "IDENTITY_ENDPOINT",
        "IDENTITY_HEADER",
        "NODE_EXTRA_CA_CERTS",
      ].sort(),
    );
    expect(env.AZURE_METRICS_BATCH_ENDPOINT).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\{region\}$/);
    expect(existsSync(env.NODE_EXTRA_CA_CERTS)).toBe(true);
    const code = await new Promise<number | null>((resolve) => {
      child.removeAllListeners("exit");
      child.once("exit", (c) => resolve(c));
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
    expect(existsSync(env.NODE_EXTRA_CA_CERTS)).toBe(false);
  });

  it("serves the demo scenario fleet through the SDKs", async () => {
    const fleet = buildScenario("demo", manualClock(NOW));
    const sim = await startAzureSim({ fleet });
    try {
      const c = clients(sim);
      const web = new WebSiteManagementClient(staticCredential(), fleet.subscriptions[0], {
        endpoint: sim.url,
        tlsOptions: { ca: sim.ca },
      });
      const names = [];
      for await (const s of web.webApps.list()) names.push(s.name);
      expect(names.length).toBe(fleet.sites.filter((s) => s.subscriptionId === fleet.subscriptions[0]).length);
      const first = fleet.sites[0];
      const id = `/subscriptions/${first.subscriptionId}/resourceGroups/${first.resourceGroup}/providers/Microsoft.Web/sites/${first.name}`;
      const r = await c.monitor.metrics.list(id.slice(1), {
        timespan: "PT3H",
        interval: "PT5M",
        metricnames: "Requests,Http5xx",
        aggregation: "Total",
      });
      expect(r.value[0].timeseries?.[0].data?.some((d) => (d.total ?? 0) > 0)).toBe(true);
    } finally {
      await sim.close();
    }
  });
});
