// Composition root: builds the adapters from the configuration and starts serving Slack (HTTP or Socket
// Mode) with /healthz. Tests, the benchmark and the playground start this same bot in-process, injecting a
// Fleet pointed at the Azure simulator and their own clock.
import { Lifecycle } from "./app/lifecycle.ts";
import { fleetFromConfig } from "./azure/from-config.ts";
import type { AzureCloud } from "./clouds.ts";
import type { Config } from "./config.ts";
import type { Fleet } from "./core/fleet.ts";
import { healthHandler } from "./http/health.ts";
import type { Logger } from "./log.ts";
import { Admission } from "./slack/admission.ts";
import { startSlackApp } from "./slack/app.ts";
import { botAuthorization } from "./slack/auth.ts";
import type { BotContext } from "./slack/context.ts";
import { registerActions } from "./slack/listeners/actions.ts";
import { registerCommand } from "./slack/listeners/command.ts";
import { registerHome } from "./slack/listeners/home.ts";
import { SlackOut } from "./slack/post.ts";
import { UserTimeZones } from "./slack/timezone.ts";
import { ChannelPacer, createSlackClient, type RetryOptions, slackClientOptions } from "./slack/web-client.ts";
import { DEFAULT_READ_DEADLINE_MS } from "./usecases/deadline.ts";
import { VerdictBook } from "./usecases/verdicts.ts";

export interface RunningBot {
  port: number;
  lifecycle: Lifecycle;
  stop(deadlineMs: number): Promise<{ abandoned: number; errors: string[] }>;
}

export interface BotDeps {
  log: Logger;
  /** Default: ArmFleet from the configuration, with DefaultAzureCredential. */
  fleet?: Fleet;
  /** Clock for read windows (default Date.now). */
  now?: () => number;
  /** Overall deadline of one command's Azure reads (default 12 s). */
  readDeadlineMs?: number;
  slack?: {
    /** Web API request timeout (default 10 s). */
    timeoutMs?: number;
    /** 5xx/network retries of Web API calls (default: 2 retries within about 3 s). */
    retryConfig?: RetryOptions;
    /** Minimum gap between chat.postMessage calls to one channel (default 1000 ms). */
    postIntervalMs?: number;
  };
}

/** How long startup waits for auth.test before serving anyway (it is retried on the first request). */
const AUTH_WAIT_MS = 2_000;

const PORTALS: Record<AzureCloud, string> = {
  AzurePublicCloud: "https://portal.azure.com",
  AzureUSGovernment: "https://portal.azure.us",
  AzureChinaCloud: "https://portal.azure.cn",
};

export async function startBot(config: Config, deps: BotDeps): Promise<RunningBot> {
  const log = deps.log;
  const lifecycle = new Lifecycle();
  const health = healthHandler(lifecycle, Date.now());
  const fleet = deps.fleet ?? fleetFromConfig(config.azure, log);
  const clientSettings = {
    apiUrl: config.slack.apiUrl,
    timeoutMs: deps.slack?.timeoutMs,
    retryConfig: deps.slack?.retryConfig,
    log,
  };
  const client = createSlackClient({ botToken: config.slack.botToken, ...clientSettings });
  const auth = botAuthorization(client, config.slack.botToken, log);
  await Promise.race([auth.verify(), new Promise((r) => setTimeout(r, AUTH_WAIT_MS).unref())]);

  let receiving = () => false;
  const bot: BotContext = {
    fleet,
    out: new SlackOut(client, { pacer: new ChannelPacer(deps.slack?.postIntervalMs), log }),
    zones: new UserTimeZones((user) => client.users.info({ user }).then((r) => r.user?.tz)),
    verdicts: new VerdictBook(),
    lifecycle,
    log,
    now: deps.now ?? Date.now,
    readDeadlineMs: deps.readDeadlineMs ?? DEFAULT_READ_DEADLINE_MS,
    logsConfigured: config.azure.logs !== undefined,
    portalBase: PORTALS[config.azure.cloud],
    identity: auth.identity,
    // Bound to the receiver once it runs (acks first: see admission.ts).
    admission: new Admission(() => receiving()),
  };
  const slack = await startSlackApp({
    mode: config.slack.mode,
    signingSecret: config.slack.signingSecret,
    appToken: config.slack.appToken,
    port: config.port,
    authorize: auth.authorize,
    clientOptions: slackClientOptions(clientSettings),
    health,
    log,
    register: (app) => {
      registerCommand(app, bot);
      registerActions(app, bot);
      registerHome(app, bot);
    },
  });
  receiving = slack.receiving;
  lifecycle.onClose({ name: "slack", close: () => slack.close() });
  log.debug({ port: slack.port, mode: config.slack.mode }, "slack app listening");
  return { port: slack.port, lifecycle, stop: (deadlineMs) => lifecycle.shutdown(deadlineMs) };
}
