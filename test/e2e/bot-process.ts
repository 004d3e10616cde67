// One bot replica as its own process, for the fault suite (kill -9 / SIGTERM at the worst moments):
// the real startBot on the configuration in its environment, Azure through the simulator's CA. Its clock
// runs BOT_CLOCK_OFFSET_MS ahead of the real one, so a digest slot a few minutes "ago" is due at start.
// With BOT_CONTROL=stdin, a line {"advanceMs": n} on stdin moves its clock on (time passes for a replica
// that keeps running), answered by {"clock": now} on stdout. The policy is the file APPSVC_CONFIG names
// (none: read-only). Prints one JSON line {"ready": port} when serving; on SIGTERM stops within
// APPSVC_SHUTDOWN_SECONDS.
import { createInterface } from "node:readline";
import { startUntilSignalled } from "../../src/app/signals.ts";
import { createArmFleet } from "../../src/azure/arm-fleet.ts";
import { staticTokenCredential } from "../../src/azure/credentials.ts";
import { writerFromConfig } from "../../src/azure/from-config.ts";
import { startBot } from "../../src/bot.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";

const env = process.env;
let offset = Number(env.BOT_CLOCK_OFFSET_MS ?? 0);
const now = () => Date.now() + offset;
const ca = env.SIM_CA ?? "";
const config = loadConfig(env);
const log = createLogger({ level: config.logLevel });
const bot = await startUntilSignalled(
  () =>
    startBot(config, {
      log,
      fleet: (yieldTo) =>
        createArmFleet({
          subscriptionIds: config.azure.subscriptionIds,
          credential: staticTokenCredential("process-token"),
          armEndpoint: config.azure.armEndpoint,
          metricsBatchEndpointTemplate: config.azure.metricsBatchEndpoint,
          ca,
          maxRetries: 0,
          now,
          yieldTo,
        }),
      fleetSpec: null,
      writer: writerFromConfig(config.azure, {
        credential: staticTokenCredential("process-token"),
        ca,
        pollIntervalMs: 50,
      }),
      now,
      policy: env.APPSVC_CONFIG ? undefined : null,
      approvals: { owner: env.REPLICA_ID ?? `pid-${process.pid}`, sweepMs: 200 },
      digest: { pollMs: Number(env.DIGEST_POLL_MS ?? 300), leaseMs: Number(env.DIGEST_LEASE_MS ?? 1_500) },
      slack: { retryConfig: { retries: 0 }, timeoutMs: 5_000 },
    }),
  { shutdownMs: config.shutdownMs, log, exit: () => process.exit(0) },
);
process.stdout.write(`${JSON.stringify({ ready: bot.port })}\n`);
if (env.BOT_CONTROL === "stdin") {
  createInterface({ input: process.stdin }).on("line", (line) => {
    const advanceMs = Number((JSON.parse(line) as { advanceMs?: unknown }).advanceMs);
    if (Number.isFinite(advanceMs)) offset += advanceMs;
    process.stdout.write(`${JSON.stringify({ clock: now() })}\n`);
  });
}
