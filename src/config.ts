// The configuration contract (architecture.md): environment variables validated into a typed Config.
// Every problem is collected and reported at once, so a person fixes the deployment in one pass.
import { z } from "zod";
import { type AzureCloud, cloudDefaults } from "./clouds.ts";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const httpsUrl = (what: string) =>
  z
    .string()
    .trim()
    .url({ message: `${what} must be a URL such as https://management.azure.com` })
    .refine((u) => u.startsWith("https://"), {
      message: `${what} must use https:// (Azure refuses bearer tokens over http)`,
    });

const schema = z.object({
  SLACK_BOT_TOKEN: z
    .string()
    .trim()
    .regex(/^xox[bp]-/, { message: "SLACK_BOT_TOKEN must be a bot token starting with xoxb-" })
    .optional(),
  SLACK_SIGNING_SECRET: z.string().trim().min(1).optional(),
  SLACK_APP_TOKEN: z
    .string()
    .trim()
    .regex(/^xapp-/, { message: "SLACK_APP_TOKEN must be an app-level token starting with xapp- (Socket Mode)" })
    .optional(),
  SLACK_API_URL: z
    .string()
    .trim()
    .url({ message: "SLACK_API_URL must be a URL such as https://slack.com/api/" })
    .default("https://slack.com/api/")
    .transform((u) => (u.endsWith("/") ? u : `${u}/`)),
  PORT: z.coerce
    .number({ message: "PORT must be a number" })
    .int({ message: "PORT must be a whole number" })
    .min(0, { message: "PORT must be between 0 and 65535" })
    .max(65535, { message: "PORT must be between 0 and 65535" })
    .default(3000),
  AZURE_SUBSCRIPTION_IDS: z
    .string({ message: "AZURE_SUBSCRIPTION_IDS is required: comma-separated subscription IDs the bot watches" })
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.length > 0, { message: "AZURE_SUBSCRIPTION_IDS lists no subscription" })
    .refine((ids) => ids.every((id) => GUID.test(id)), {
      message: "AZURE_SUBSCRIPTION_IDS must be GUIDs like 00000000-0000-0000-0000-000000000000, separated by commas",
    }),
  AZURE_CLOUD: z
    .enum(["AzurePublicCloud", "AzureUSGovernment", "AzureChinaCloud"], {
      message: "AZURE_CLOUD must be AzurePublicCloud, AzureUSGovernment or AzureChinaCloud",
    })
    .default("AzurePublicCloud"),
  AZURE_RESOURCE_MANAGER_ENDPOINT: httpsUrl("AZURE_RESOURCE_MANAGER_ENDPOINT").optional(),
  AZURE_METRICS_BATCH_ENDPOINT: httpsUrl("AZURE_METRICS_BATCH_ENDPOINT").optional(),
  AZURE_LOG_ANALYTICS_ENDPOINT: httpsUrl("AZURE_LOG_ANALYTICS_ENDPOINT").optional(),
  /** Kudu (SCM) base with {host}; only a simulator needs it (default https://{host}). */
  AZURE_SCM_ENDPOINT: httpsUrl("AZURE_SCM_ENDPOINT").optional(),
  /** Blob container for memory dumps, written with the bot's managed identity. */
  APPSVC_DUMPS_CONTAINER_URL: httpsUrl("APPSVC_DUMPS_CONTAINER_URL").optional(),
  AZURE_LOG_ANALYTICS_WORKSPACE_ID: z
    .string()
    .trim()
    .regex(GUID, { message: "AZURE_LOG_ANALYTICS_WORKSPACE_ID must be the workspace GUID (Log Analytics → Overview)" })
    .optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, { message: "DATABASE_URL must be a postgres:// or postgresql:// connection string" })
    .optional(),
  APPSVC_DATA_DIR: z.string().trim().min(1).default("./data"),
  APPSVC_CONFIG: z.string().trim().min(1).optional(),
  APPSVC_ALERTS_TOKEN: z
    .string()
    .trim()
    .min(16, {
      message: "APPSVC_ALERTS_TOKEN must be at least 16 characters: generate one with `openssl rand -hex 24`",
    })
    .regex(/^[A-Za-z0-9._~-]+$/, {
      message: "APPSVC_ALERTS_TOKEN must be URL-safe (letters, digits, . _ ~ -): it goes in the webhook URL",
    })
    .optional(),
  APPSVC_ALERTS_CHANNEL: z
    .string()
    .trim()
    .regex(/^[CG][A-Z0-9]{2,}$/, { message: "APPSVC_ALERTS_CHANNEL must be a channel ID (C… or G…), not a name" })
    .optional(),
  APPSVC_ALERTS_AUDIENCE: z.string().trim().min(1).optional(),
  APPSVC_ALERTS_TENANT_ID: z
    .string()
    .trim()
    .regex(GUID, { message: "APPSVC_ALERTS_TENANT_ID must be your Microsoft Entra tenant ID (a GUID)" })
    .optional(),
  APPSVC_ALERTS_JWKS_URL: httpsUrl("APPSVC_ALERTS_JWKS_URL").optional(),
  APPSVC_ALERTS_ISSUER: z.string().trim().url({ message: "APPSVC_ALERTS_ISSUER must be a URL" }).optional(),
  LOG_LEVEL: z.enum(LEVELS, { message: `LOG_LEVEL must be one of ${LEVELS.join(", ")}` }).default("info"),
  APPSVC_SHUTDOWN_SECONDS: z.coerce
    .number({ message: "APPSVC_SHUTDOWN_SECONDS must be a number of seconds" })
    .int({ message: "APPSVC_SHUTDOWN_SECONDS must be a whole number of seconds" })
    .min(1, { message: "APPSVC_SHUTDOWN_SECONDS must be between 1 and 300" })
    .max(300, { message: "APPSVC_SHUTDOWN_SECONDS must be between 1 and 300" })
    .default(15),
  METRICS_MEMORY_BUDGET_MB: z.coerce
    .number({ message: "METRICS_MEMORY_BUDGET_MB must be a number of megabytes, e.g. 160" })
    .int({ message: "METRICS_MEMORY_BUDGET_MB must be a whole number of megabytes" })
    .min(32, { message: "METRICS_MEMORY_BUDGET_MB must be between 32 and 4096" })
    .max(4096, { message: "METRICS_MEMORY_BUDGET_MB must be between 32 and 4096" })
    .default(160),
});

export interface Config {
  slack: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
    mode: "socket" | "http";
  };
  port: number;
  azure: {
    cloud: AzureCloud;
    subscriptionIds: string[];
    armEndpoint: string;
    /** Template with `{region}`, e.g. https://{region}.metrics.monitor.azure.com */
    metricsBatchEndpoint: string;
    /** Token audience for ARM and metrics (stays the cloud's even when endpoints are overridden). */
    armAudience: string;
    logs?: { endpoint: string; workspaceId: string; audience: string };
    /** Estimated MB of batch metric responses read at once (docs/memory.md): less memory, slower digests. */
    metricsBudgetMb: number;
    /** Kudu base, `{host}` = the site's SCM host from enabledHostNames. */
    scmEndpoint: string;
    /** Where memory dumps go (Put Block / Put Block List with the bot's identity); unset = no dumps. */
    dumpsContainerUrl?: string;
  };
  store: { kind: "sqlite"; dataDir: string } | { kind: "postgres"; url: string };
  policyFile?: string;
  /** The Azure Monitor webhook (POST /alerts/azure-monitor); absent when APPSVC_ALERTS_TOKEN is unset. */
  alerts?: {
    token: string;
    channel?: string;
    bearer?: { audience: string; issuers: string[]; jwksUrl: string };
  };
  logLevel: (typeof LEVELS)[number];
  /** One deadline for all in-flight work at SIGTERM (keep it below the platform's stop timeout). */
  shutdownMs: number;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `Configuration is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems
        .map((p) => `  - ${p}`)
        .join("\n")}\nSet these environment variables and start again (see README, "Configuration").`,
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Parses the environment; throws ConfigError listing every problem. Values are never echoed (they may be secrets). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return parseConfig(env, { slack: true });
}

/** The Azure-only subset, for the terminal CLI: no Slack credentials needed. */
export function loadCliConfig(env: Record<string, string | undefined> = process.env): Omit<Config, "slack"> {
  const { slack: _slack, ...rest } = parseConfig(env, { slack: false });
  return rest;
}

function parseConfig(env: Record<string, string | undefined>, need: { slack: boolean }): Config {
  // Empty strings count as unset: `FOO=` in an env file should not defeat a default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = schema.safeParse(cleaned);
  // Cross-field rules run on the raw values too, so they are reported together with field errors.
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => i.message);
  if (need.slack && !cleaned.SLACK_BOT_TOKEN) {
    problems.unshift("SLACK_BOT_TOKEN is required: the bot token (xoxb-…) from the Slack app's OAuth page");
  }
  if (need.slack && !cleaned.SLACK_SIGNING_SECRET && !cleaned.SLACK_APP_TOKEN) {
    problems.push(
      "set SLACK_SIGNING_SECRET (HTTP mode: Basic Information → Signing Secret) or SLACK_APP_TOKEN (Socket Mode: an xapp- token with connections:write)",
    );
  }
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  const cloud = cloudDefaults(e.AZURE_CLOUD);
  if (e.AZURE_LOG_ANALYTICS_ENDPOINT && !e.AZURE_LOG_ANALYTICS_WORKSPACE_ID) {
    problems.push(
      "AZURE_LOG_ANALYTICS_ENDPOINT is set but AZURE_LOG_ANALYTICS_WORKSPACE_ID is not: set both, or neither",
    );
  }
  if (e.AZURE_METRICS_BATCH_ENDPOINT && !e.AZURE_METRICS_BATCH_ENDPOINT.includes("{region}")) {
    problems.push(
      "AZURE_METRICS_BATCH_ENDPOINT must contain {region}, e.g. https://{region}.metrics.monitor.azure.com (batches are regional)",
    );
  }
  if (e.APPSVC_ALERTS_AUDIENCE && !e.APPSVC_ALERTS_TENANT_ID && !e.APPSVC_ALERTS_ISSUER) {
    problems.push(
      "APPSVC_ALERTS_AUDIENCE is set but APPSVC_ALERTS_TENANT_ID is not: the secure webhook accepts tokens from your tenant only",
    );
  }
  if ((e.APPSVC_ALERTS_AUDIENCE || e.APPSVC_ALERTS_CHANNEL) && !e.APPSVC_ALERTS_TOKEN) {
    problems.push("APPSVC_ALERTS_AUDIENCE/APPSVC_ALERTS_CHANNEL need APPSVC_ALERTS_TOKEN (the webhook URL's ?token=)");
  }
  if (problems.length) throw new ConfigError(problems);
  const tenant = e.APPSVC_ALERTS_TENANT_ID ?? "";
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN ?? "",
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      mode: e.SLACK_APP_TOKEN ? "socket" : "http",
    },
    port: e.PORT,
    azure: {
      cloud: e.AZURE_CLOUD,
      subscriptionIds: e.AZURE_SUBSCRIPTION_IDS,
      armEndpoint: stripSlash(e.AZURE_RESOURCE_MANAGER_ENDPOINT ?? cloud.armEndpoint),
      metricsBatchEndpoint: stripSlash(e.AZURE_METRICS_BATCH_ENDPOINT ?? cloud.metricsBatchEndpoint),
      armAudience: cloud.armAudience,
      logs: e.AZURE_LOG_ANALYTICS_WORKSPACE_ID
        ? {
            endpoint: stripSlash(e.AZURE_LOG_ANALYTICS_ENDPOINT ?? cloud.logsEndpoint),
            workspaceId: e.AZURE_LOG_ANALYTICS_WORKSPACE_ID,
            audience: cloud.logsAudience,
          }
        : undefined,
      metricsBudgetMb: e.METRICS_MEMORY_BUDGET_MB,
      scmEndpoint: stripSlash(e.AZURE_SCM_ENDPOINT ?? "https://{host}"),
      ...(e.APPSVC_DUMPS_CONTAINER_URL ? { dumpsContainerUrl: stripSlash(e.APPSVC_DUMPS_CONTAINER_URL) } : {}),
    },
    store: e.DATABASE_URL ? { kind: "postgres", url: e.DATABASE_URL } : { kind: "sqlite", dataDir: e.APPSVC_DATA_DIR },
    policyFile: e.APPSVC_CONFIG,
    ...(e.APPSVC_ALERTS_TOKEN
      ? {
          alerts: {
            token: e.APPSVC_ALERTS_TOKEN,
            ...(e.APPSVC_ALERTS_CHANNEL ? { channel: e.APPSVC_ALERTS_CHANNEL } : {}),
            ...(e.APPSVC_ALERTS_AUDIENCE
              ? {
                  bearer: {
                    audience: e.APPSVC_ALERTS_AUDIENCE,
                    issuers: e.APPSVC_ALERTS_ISSUER
                      ? [e.APPSVC_ALERTS_ISSUER]
                      : [cloud.stsIssuer.replace("{tenant}", tenant), `${cloud.loginEndpoint}/${tenant}/v2.0`],
                    jwksUrl:
                      e.APPSVC_ALERTS_JWKS_URL ?? `${cloud.loginEndpoint}/${tenant || "common"}/discovery/v2.0/keys`,
                  },
                }
              : {}),
          },
        }
      : {}),
    logLevel: e.LOG_LEVEL,
    shutdownMs: e.APPSVC_SHUTDOWN_SECONDS * 1000,
  };
}

function stripSlash(u: string): string {
  return u.replace(/\/+$/, "");
}
