import { hostname } from "node:os";

// Composition root: builds the adapters from the configuration and starts serving Slack (HTTP or Socket
// Mode) with /healthz. Tests, the benchmark and the playground start this same bot in-process, injecting a
// Fleet pointed at the Azure simulator and their own clock.

import { bearerCheck } from "./alerts/admit.ts";
import { Lifecycle } from "./app/lifecycle.ts";
import type { ApprovalRuntime } from "./approvals/runtime.ts";
import { DEFAULT_SWEEP_MS, sweepOnce } from "./approvals/sweeps.ts";
import type { VerifyOptions } from "./approvals/verify.ts";
import type { NamedCredential } from "./azure/credential-probe.ts";
import { type FleetSpec, fleetSpecFromConfig } from "./azure/fleet-spec.ts";
import { collectSourcesFromConfig, fleetFromConfig, writerFromConfig } from "./azure/from-config.ts";
import type { AzureCloud } from "./clouds.ts";
import type { CollectSources } from "./collect/types.ts";
import type { Config } from "./config.ts";
import type { Fleet } from "./core/fleet.ts";
import type { AzureWriter } from "./core/writer.ts";
import { offThreadMetrics } from "./digests/metrics-off-thread.ts";
import { runDoctor } from "./doctor/run.ts";
import { Door } from "./door/door.ts";
import { policyAuthorizer, ttlFor, twoPersonFor } from "./door/policy-authorizer.ts";
import { Rejections } from "./door/rejections.ts";
import { ReplayGuard } from "./door/replay-guard.ts";
import { ALERTS_PATH, alertsHandler } from "./http/alerts.ts";
import { healthHandler } from "./http/health.ts";
import type { Logger } from "./log.ts";
import { CachingUserGroups, loadPolicy, type Policy } from "./policy/index.ts";
import { DEFAULT_READ_DEADLINE_MS } from "./reads/deadline.ts";
import { VerdictBook } from "./reads/verdicts.ts";
import { startPeriodic } from "./schedule/periodic.ts";
import { Admission } from "./slack/admission.ts";
import { startSlackApp } from "./slack/app.ts";
import { botAuthorization } from "./slack/auth.ts";
import type { BotContext } from "./slack/context.ts";
import { registerActions } from "./slack/listeners/actions.ts";
import { registerAlertActions } from "./slack/listeners/alert-actions.ts";
import { registerCommand } from "./slack/listeners/command.ts";
import { registerHome } from "./slack/listeners/home.ts";
import { SlackOut } from "./slack/post.ts";
import { claimAlert, handleClaimed, takeOverAlerts } from "./slack/presenters/alerts/claims.ts";
import { AlertHandler } from "./slack/presenters/alerts/handle.ts";
import { showSwept } from "./slack/presenters/approvals/message.ts";
import { takeOverVerifications } from "./slack/presenters/approvals/verification.ts";
import { createDigestFeature } from "./slack/presenters/digests/feature.ts";
import { UserTimeZones } from "./slack/timezone.ts";
import { slackUserGroups } from "./slack/usergroup-directory.ts";
import {
  ChannelPacer,
  createSlackClient,
  DEFAULT_POST_BURST,
  type RetryOptions,
  slackClientOptions,
} from "./slack/web-client.ts";
import { describeStore, openStore } from "./store/open-store.ts";
import type { Store } from "./store/store.ts";

export interface RunningBot {
  port: number;
  lifecycle: Lifecycle;
  stop(deadlineMs: number): Promise<{ abandoned: number; errors: string[] }>;
}

export interface BotDeps {
  log: Logger;
  /**
   * A Fleet, or a factory given the Admission's turn for its Azure clients (`yieldTo`). Default: ArmFleet
   * from the configuration, with DefaultAzureCredential and that turn.
   */
  fleet?: Fleet | ((yieldTo: () => Promise<void>) => Fleet);
  /**
   * The fleet as data, for the digest's metric reads on a worker thread. Default: from the configuration
   * when `fleet` is not given; without one (a given fleet and no spec, or null) the reads stay in-thread.
   */
  fleetSpec?: FleetSpec | null;
  /** Clock for read windows (default Date.now). */
  now?: () => number;
  /** Overall deadline of one command's Azure reads (default 12 s). */
  readDeadlineMs?: number;
  /** Default: the configured store (SQLite in APPSVC_DATA_DIR, PostgreSQL with DATABASE_URL), opened here. */
  store?: Store;
  /** Default: ArmWriter from the configuration (retries off). */
  writer?: AzureWriter;
  /** Collect's Azure sources (default: from the configuration) and the log stream capture's bounds. */
  collect?: { sources?: CollectSources; logStream?: { maxMs: number; maxBytes: number } };
  /** Default: the file APPSVC_CONFIG names (none: read-only). `null` forces no policy. */
  policy?: Policy | null;
  approvals?: {
    /** Verification watch (default 5 min, polling every 30 s, real sleep). */
    verify?: VerifyOptions;
    /** Between expiry sweeps (default 30 s). */
    sweepMs?: number;
    /** This replica's name on execution leases. */
    owner?: string;
  };
  digest?: {
    /** Pickup of other replicas' changes and takeover of lapsed runs (default 60 s). */
    pollMs?: number;
    /** Lease of a digest run (default 60 s). */
    leaseMs?: number;
  };
  /** What `/appsvc doctor` tests instead of DefaultAzureCredential's chain, and an extra CA (the simulator's). */
  doctor?: { credential?: NamedCredential; ca?: string };
  slack?: {
    /** Web API request timeout (default 10 s). */
    timeoutMs?: number;
    /** 5xx/network retries of Web API calls (default: 2 retries within about 3 s). */
    retryConfig?: RetryOptions;
    /** Minimum gap between chat.postMessage calls to one channel (default 1000 ms). */
    postIntervalMs?: number;
  };
  alerts?: {
    /** Extra CA for the secure webhook's JWKS host (the simulator in tests). */
    jwksCa?: string;
    /** How long a replica waits for another's top-level alert message (default 15 s). */
    messageWaitMs?: number;
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
  const admit = { replay: new ReplayGuard(), rejections: new Rejections(log.child({ part: "door" })) };
  const health = healthHandler(lifecycle, Date.now(), () => admit.rejections.totals());
  let receiving = () => false;
  // Acks first (see admission.ts): new commands and each Azure response wait for a turn while Slack
  // requests are pending. Bound to the receiver once it runs.
  const admission = new Admission(() => receiving());
  const yieldTo = () => admission.turn();
  const fleet =
    typeof deps.fleet === "function"
      ? deps.fleet(yieldTo)
      : (deps.fleet ?? fleetFromConfig(config.azure, log, yieldTo));
  const spec =
    deps.fleetSpec === undefined ? (deps.fleet ? undefined : fleetSpecFromConfig(config.azure)) : deps.fleetSpec;
  const now = deps.now ?? Date.now;
  // The policy first: a broken policy file stops the start before anything is opened.
  const policy = deps.policy === null ? undefined : (deps.policy ?? (await loadPolicy(config.policyFile)));
  const store = deps.store ?? (await openStore(config.store, { now }));
  lifecycle.onClose({ name: "store", close: () => store.close() });
  log.info(
    {
      store: deps.store ? store.kind : describeStore(config.store),
      policy: policy ? (policy.source ?? "given") : "none (read-only)",
    },
    "approvals store opened",
  );
  const clientSettings = {
    apiUrl: config.slack.apiUrl,
    timeoutMs: deps.slack?.timeoutMs,
    retryConfig: deps.slack?.retryConfig,
    log,
  };
  const client = createSlackClient({ botToken: config.slack.botToken, ...clientSettings });
  const auth = botAuthorization(client, config.slack.botToken, log);
  await Promise.race([auth.verify(), new Promise((r) => setTimeout(r, AUTH_WAIT_MS).unref())]);

  const gate = { policy, directory: new CachingUserGroups(slackUserGroups(client), { now: Date.now }) };
  const approvals: ApprovalRuntime = {
    gate,
    deps: {
      store,
      fleet,
      writer: deps.writer ?? writerFromConfig(config.azure, { log }),
      authorize: policyAuthorizer(gate),
      ttlMs: ttlFor(gate),
      twoPersonRule: twoPersonFor(gate),
      now,
      log,
      ...(deps.approvals?.owner ? { owner: deps.approvals.owner } : {}),
    },
    verify: { clock: { now }, ...deps.approvals?.verify },
  };

  // Posting and uploads are never retried blindly (a timed-out post may have landed): SlackOut reconciles.
  const once = createSlackClient({ botToken: config.slack.botToken, ...clientSettings, retryConfig: { retries: 0 } });
  const out = new SlackOut(client, {
    pacer: new ChannelPacer(deps.slack?.postIntervalMs, { burst: DEFAULT_POST_BURST }),
    log,
    once,
  });
  const zones = new UserTimeZones((user) => client.users.info({ user }).then((r) => r.user?.tz));
  const door = new Door({
    policy,
    directory: gate.directory,
    fleet,
    now,
    log,
    audit: async (entry) => {
      await store.appendAudit(entry);
    },
  });
  const digest = createDigestFeature({
    door,
    store,
    fleet,
    out,
    zones,
    policy,
    log,
    now,
    replicaId: deps.approvals?.owner ?? `${hostname()}:${process.pid}`,
    yieldTo,
    ...(deps.digest?.pollMs !== undefined ? { pollMs: deps.digest.pollMs } : {}),
    ...(deps.digest?.leaseMs !== undefined ? { leaseMs: deps.digest.leaseMs } : {}),
    ...(spec ? { metrics: offThreadMetrics(spec, yieldTo, log.child({ feature: "digest-metrics" })) } : {}),
  });
  const bot: BotContext = {
    door,
    fleet,
    out,
    zones,
    digest,
    verdicts: new VerdictBook(),
    lifecycle,
    log,
    now,
    readDeadlineMs: deps.readDeadlineMs ?? DEFAULT_READ_DEADLINE_MS,
    logsConfigured: config.azure.logs !== undefined,
    portalBase: PORTALS[config.azure.cloud],
    identity: auth.identity,
    approvals,
    admission,
    doctor: () =>
      runDoctor({
        env: process.env,
        config,
        store,
        policy: policy ?? null,
        ...(deps.doctor ?? {}),
      }),
    collect: {
      sources: deps.collect?.sources ?? collectSourcesFromConfig(config.azure, { log }),
      // Bounded well inside the read deadline: a few seconds of stream, at most 256 KB.
      logStream: deps.collect?.logStream ?? { maxMs: 4_000, maxBytes: 256 * 1024 },
      dumpsConfigured: config.azure.dumpsContainerUrl !== undefined,
    },
  };
  const replicaId = deps.approvals?.owner ?? `${hostname()}:${process.pid}`;
  const alerts = new AlertHandler({
    store,
    fleet,
    out,
    policy,
    fallbackChannel: config.alerts?.channel,
    portalBase: bot.portalBase,
    owner: replicaId,
    now,
    readDeadlineMs: bot.readDeadlineMs,
    log: log.child({ feature: "alerts" }),
    yieldTo,
    ...(deps.alerts?.messageWaitMs ? { messageWaitMs: deps.alerts.messageWaitMs } : {}),
  });
  const alertsLog = log.child({ feature: "alerts" });
  const alertClaims = { store, owner: replicaId, log: alertsLog };
  const alertsEndpoint = alertsHandler({
    settings: config.alerts
      ? { token: config.alerts.token, ...(config.alerts.bearer ? { bearer: config.alerts.bearer } : {}) }
      : undefined,
    ...(config.alerts?.bearer ? { bearer: bearerCheck(config.alerts.bearer, { ca: deps.alerts?.jwksCa }) } : {}),
    stopping: () => lifecycle.stopping,
    claim: (alert) => claimAlert(alertClaims, alert),
    start: (alert, claim) => {
      // Refused only once shutdown began (after the claim): the lease then lapses and another replica takes it.
      lifecycle.run(() => handleClaimed(alerts, alertClaims, alert, claim, alertsLog));
    },
    log: alertsLog,
  });
  const slack = await startSlackApp({
    mode: config.slack.mode,
    signingSecret: config.slack.signingSecret,
    appToken: config.slack.appToken,
    port: config.port,
    authorize: auth.authorize,
    clientOptions: slackClientOptions(clientSettings),
    health,
    routes: [{ path: ALERTS_PATH, handler: alertsEndpoint }],
    log,
    door: admit,
    register: (app) => {
      registerCommand(app, bot);
      registerActions(app, bot);
      registerAlertActions(app, bot, alerts);
      registerHome(app, bot);
    },
  });
  receiving = slack.receiving;
  // Drained within the shutdown deadline, before the store closes: a run cut off releases its lease.
  // Registered before the start, whose catch-up may already claim a run a SIGTERM must hand back.
  lifecycle.onDrain({ name: "digest scheduler", drain: (ms) => digest.stop(ms) });
  await digest.start();
  const stopSweeps = startPeriodic(
    "approval sweeps",
    deps.approvals?.sweepMs ?? DEFAULT_SWEEP_MS,
    async () => {
      await sweepOnce(approvals, (a) => showSwept(approvals, bot.out, a, log), log);
      // After the stale executions are reconciled: a change confirmed done is then verified too.
      if (!lifecycle.stopping) await takeOverVerifications(bot, log);
      if (!lifecycle.stopping) await takeOverAlerts(alerts, alertClaims, (work) => lifecycle.run(work));
    },
    log,
  );
  lifecycle.onClose({ name: "approval sweeps", close: stopSweeps });
  lifecycle.onClose({ name: "slack", close: () => slack.close() });
  log.debug({ port: slack.port, mode: config.slack.mode }, "slack app listening");
  return { port: slack.port, lifecycle, stop: (deadlineMs) => lifecycle.shutdown(deadlineMs) };
}
