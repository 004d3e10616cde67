import { describe, expect, it } from "vitest";
import { ConfigError, loadCliConfig, loadConfig } from "../src/config.ts";

const SUB = "11111111-2222-3333-4444-555555555555";
const base = {
  SLACK_BOT_TOKEN: "xoxb-1-2-abc",
  SLACK_SIGNING_SECRET: "s3cr3t",
  AZURE_SUBSCRIPTION_IDS: SUB,
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("reads the metrics memory budget, 160 MB unless set, and says what a bad value should be", () => {
    expect(loadConfig(base).azure.metricsBudgetMb).toBe(160);
    expect(loadConfig({ ...base, METRICS_MEMORY_BUDGET_MB: "64" }).azure.metricsBudgetMb).toBe(64);
    expect(problems({ ...base, METRICS_MEMORY_BUDGET_MB: "lots" })).toEqual([
      expect.stringMatching(/METRICS_MEMORY_BUDGET_MB must be a number of megabytes/),
    ]);
    expect(problems({ ...base, METRICS_MEMORY_BUDGET_MB: "8" })).toEqual([
      expect.stringMatching(/METRICS_MEMORY_BUDGET_MB must be between 32 and 4096/),
    ]);
  });

  it("applies the public-cloud defaults", () => {
    const c = loadConfig(base);
    expect(c.port).toBe(3000);
    expect(c.slack).toMatchObject({ apiUrl: "https://slack.com/api/", mode: "http" });
    expect(c.azure).toMatchObject({
      cloud: "AzurePublicCloud",
      subscriptionIds: [SUB],
      armEndpoint: "https://management.azure.com",
      metricsBatchEndpoint: "https://{region}.metrics.monitor.azure.com",
      armAudience: "https://management.azure.com/.default",
    });
    expect(c.azure.logs).toBeUndefined();
    expect(c.store).toEqual({ kind: "sqlite", dataDir: "./data" });
    expect(c.logLevel).toBe("info");
  });

  it("selects sovereign-cloud endpoints and lets explicit endpoints override them", () => {
    const gov = loadConfig({ ...base, AZURE_CLOUD: "AzureUSGovernment" });
    expect(gov.azure.armEndpoint).toBe("https://management.usgovcloudapi.net");
    expect(gov.azure.metricsBatchEndpoint).toBe("https://{region}.metrics.monitor.azure.us");
    const cn = loadConfig({
      ...base,
      AZURE_CLOUD: "AzureChinaCloud",
      AZURE_RESOURCE_MANAGER_ENDPOINT: "https://127.0.0.1:8443/",
      AZURE_LOG_ANALYTICS_WORKSPACE_ID: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    });
    expect(cn.azure.armEndpoint).toBe("https://127.0.0.1:8443");
    // The audience stays the cloud's: a simulator or private endpoint still gets real-shaped tokens.
    expect(cn.azure.armAudience).toBe("https://management.chinacloudapi.cn/.default");
    expect(cn.azure.logs).toEqual({
      endpoint: "https://api.loganalytics.azure.cn/v1",
      workspaceId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
      audience: "https://api.loganalytics.azure.cn/.default",
    });
  });

  it("uses Socket Mode when an app token is set, and PostgreSQL when DATABASE_URL is set", () => {
    const c = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-x",
      SLACK_APP_TOKEN: "xapp-1-x",
      AZURE_SUBSCRIPTION_IDS: `${SUB}, ${SUB.replace("1111", "9999")}`,
      DATABASE_URL: "postgres://bot:pw@localhost/appsvc",
    });
    expect(c.slack.mode).toBe("socket");
    expect(c.azure.subscriptionIds).toHaveLength(2);
    expect(c.store).toEqual({ kind: "postgres", url: "postgres://bot:pw@localhost/appsvc" });
  });

  it("lists every problem at once, each saying what to set", () => {
    const p = problems({
      SLACK_BOT_TOKEN: "not-a-token",
      PORT: "eighty",
      AZURE_SUBSCRIPTION_IDS: "sub-one",
      AZURE_CLOUD: "Mars",
      AZURE_RESOURCE_MANAGER_ENDPOINT: "http://127.0.0.1:8443",
      LOG_LEVEL: "loud",
    });
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringContaining("SLACK_BOT_TOKEN must be a bot token"),
        expect.stringContaining("PORT must be a number"),
        expect.stringContaining("AZURE_SUBSCRIPTION_IDS must be GUIDs"),
        expect.stringContaining("AZURE_CLOUD must be"),
        expect.stringContaining("must use https://"),
        expect.stringContaining("LOG_LEVEL must be one of"),
        expect.stringContaining("set SLACK_SIGNING_SECRET"),
      ]),
    );
    expect(p).toHaveLength(7);
  });

  it("names missing required variables", () => {
    const p = problems({});
    expect(p.join("\n")).toMatch(/SLACK_BOT_TOKEN is required/);
    expect(p.join("\n")).toMatch(/AZURE_SUBSCRIPTION_IDS is required/);
  });

  it("treats empty strings as unset and checks cross-field rules", () => {
    expect(loadConfig({ ...base, PORT: "" }).port).toBe(3000);
    const p = problems({
      ...base,
      AZURE_LOG_ANALYTICS_ENDPOINT: "https://api.loganalytics.io/v1",
      AZURE_METRICS_BATCH_ENDPOINT: "https://westeurope.metrics.monitor.azure.com",
    });
    expect(p).toEqual([
      expect.stringContaining("set both, or neither"),
      expect.stringContaining("must contain {region}"),
    ]);
  });

  it("never echoes a secret value in its messages", () => {
    try {
      loadConfig({
        SLACK_BOT_TOKEN: "xoxp-leaky-secret",
        SLACK_APP_TOKEN: "leaky-app-secret",
        AZURE_SUBSCRIPTION_IDS: SUB,
      });
    } catch (err) {
      expect((err as Error).message).not.toMatch(/leaky/);
      return;
    }
    throw new Error("expected a ConfigError");
  });
});

describe("alerts configuration", () => {
  const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  it("is off without APPSVC_ALERTS_TOKEN; the token alone turns on the webhook", () => {
    expect(loadConfig(base).alerts).toBeUndefined();
    expect(
      loadConfig({ ...base, APPSVC_ALERTS_TOKEN: "0123456789abcdef01", APPSVC_ALERTS_CHANNEL: "C0ALERTS" }).alerts,
    ).toEqual({
      token: "0123456789abcdef01",
      channel: "C0ALERTS",
    });
  });
  it("the secure webhook's issuers and JWKS follow AZURE_CLOUD and can be overridden", () => {
    const env = {
      ...base,
      APPSVC_ALERTS_TOKEN: "0123456789abcdef01",
      APPSVC_ALERTS_AUDIENCE: "api://bot",
      APPSVC_ALERTS_TENANT_ID: TENANT,
    };
    expect(loadConfig(env).alerts?.bearer).toEqual({
      audience: "api://bot",
      issuers: [`https://sts.windows.net/${TENANT}/`, `https://login.microsoftonline.com/${TENANT}/v2.0`],
      jwksUrl: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`,
    });
    expect(loadConfig({ ...env, AZURE_CLOUD: "AzureUSGovernment" }).alerts?.bearer?.jwksUrl).toBe(
      `https://login.microsoftonline.us/${TENANT}/discovery/v2.0/keys`,
    );
    const over = loadConfig({
      ...env,
      APPSVC_ALERTS_JWKS_URL: "https://keys.example/jwks",
      APPSVC_ALERTS_ISSUER: "https://issuer.example/",
    });
    expect(over.alerts?.bearer).toMatchObject({
      issuers: ["https://issuer.example/"],
      jwksUrl: "https://keys.example/jwks",
    });
  });
  it("says what is wrong, never the token", () => {
    const p = problems({ ...base, APPSVC_ALERTS_TOKEN: "short", APPSVC_ALERTS_CHANNEL: "#alerts" });
    expect(p.join("\n")).toMatch(/at least 16 characters/);
    expect(p.join("\n")).toMatch(/APPSVC_ALERTS_CHANNEL must be a channel ID/);
    expect(p.join("\n")).not.toContain("short");
    expect(
      problems({ ...base, APPSVC_ALERTS_TOKEN: "0123456789abcdef01", APPSVC_ALERTS_AUDIENCE: "api://bot" }),
    ).toEqual([expect.stringMatching(/APPSVC_ALERTS_TENANT_ID is not/)]);
    expect(problems({ ...base, APPSVC_ALERTS_CHANNEL: "C0ALERTS" })).toEqual([
      expect.stringMatching(/need APPSVC_ALERTS_TOKEN/),
    ]);
  });
});

describe("loadCliConfig", () => {
  it("needs only the Azure variables", () => {
    const c = loadCliConfig({ AZURE_SUBSCRIPTION_IDS: SUB });
    expect(c.azure.subscriptionIds).toEqual([SUB]);
    expect("slack" in c).toBe(false);
  });

  it("still reports Azure problems", () => {
    expect(() => loadCliConfig({})).toThrow(/AZURE_SUBSCRIPTION_IDS is required/);
  });
});
