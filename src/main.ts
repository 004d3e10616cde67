// Process entry: configuration, logging, the bot, and signal handling. Everything else lives in bot.ts
// so tests can start the same bot in-process.

import { startUntilSignalled } from "./app/signals.ts";
import { startBot } from "./bot.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";

const USAGE = `usage: npm start   (builds dist/ from src/, then node dist/main.js; node src/main.ts also works)
Runs the bot: Slack over Socket Mode (SLACK_APP_TOKEN) or HTTP (POST /slack/events on PORT), GET /healthz.
Configuration comes from environment variables (README, "Configuration"); \`npx appsvc doctor\` checks it.`;

async function main(): Promise<void> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel });
  const bot = await startUntilSignalled(() => startBot(config, { log }), { shutdownMs: config.shutdownMs, log });
  log.info({ port: bot.port, mode: config.slack.mode }, "appsvc-bot started");
}

main().catch((err) => {
  process.stderr.write(`appsvc-bot failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
