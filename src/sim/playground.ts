// `npm run dev [-- "<command>"]`: the local playground. Starts the Azure simulator with the demo fleet, the Slack
// workspace emulator and the real bot in HTTP mode on one simulated clock (src/sim/playground/). With a command
// it sends that one /appsvc as alice, prints the whole answer (blocks as text) and writes uploaded files to
// ./out/, then exits. Without one it also serves the web console (a Slack-like client of the emulator), prints
// its URL, and reads commands from stdin until it ends or is interrupted.
import { fstatSync } from "node:fs";
import { resolve } from "node:path";
import { envLines } from "./azure/cli.ts";
import { startConsole } from "./playground/console/server.ts";
import { CHANNEL, PEOPLE } from "./playground/demo-policy.ts";
import { REPL_WORDS, repl, terminal } from "./playground/terminal.ts";
import { startPlayground } from "./playground/world.ts";

const OUT_DIR = resolve("out");

export const USAGE = [
  'usage: npm run dev [-- "<command>"]',
  "",
  "  npm run dev                          the web console (URL printed) and a prompt on stdin",
  '  npm run dev -- "status shop-api"     one /appsvc command as alice; prints the answers, then exits',
  "",
  "Each run uses free loopback ports and a new data folder (removed at exit) unless told otherwise:",
  "  SIM_PORT, SIM_IDENTITY_PORT   Azure simulator and its managed-identity endpoint",
  "  SLACK_EMU_PORT, BOT_PORT      Slack emulator, the bot's /slack/events",
  "  CONSOLE_PORT                  the web console",
  "  APPSVC_DATA_DIR | DATABASE_URL  keep the store (SQLite folder | PostgreSQL)",
  `  APPSVC_CONFIG                 a policy instead of the demo one (bind channel ${CHANNEL.id})`,
  "  LOG_LEVEL                     the bot's log level (default warn)",
  "",
  `Demo policy: ${PEOPLE.map((p) => `${p.name} = ${p.role}`).join(", ")}.`,
  "",
  "At the prompt:",
  ...REPL_WORDS,
].join("\n");

export function parseArgs(argv: string[]): { command?: string; help: boolean } {
  if (argv.some((a) => a === "--help" || a === "-h")) return { help: true };
  const text = argv
    .join(" ")
    .replace(/^\/appsvc\s*/, "")
    .trim();
  return text ? { command: text, help: false } : { help: false };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const print = (s: string) => process.stdout.write(`${s}\n`);
  if (args.help) {
    print(USAGE);
    return;
  }
  const pg = await startPlayground();
  const t = terminal(pg, print, OUT_DIR);
  if (args.command) {
    print(`appsvc playground: ${pg.sim.fleet.sites.length} demo apps, Slack emulator, bot in HTTP mode`);
    try {
      await t.run(args.command);
    } finally {
      await pg.close();
    }
    return;
  }
  const web = await startConsole(pg, { port: process.env.CONSOLE_PORT ? Number(process.env.CONSOLE_PORT) : 0 });
  // Interactive only: a one-shot command should not race an alert thread.
  pg.alerts.start(60_000);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    web
      .close()
      .then(() => pg.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  print(
    [
      "appsvc playground",
      `  web console       ${web.url}   ← open this`,
      `  Azure simulator   ${pg.sim.url}  (demo fleet: ${pg.sim.fleet.sites.map((s) => s.name).join(", ")})`,
      `  Slack emulator    ${pg.emu.url}  (channel #${CHANNEL.name}: ${PEOPLE.map((p) => `${p.name} ${p.role}`).join(", ")})`,
      `  bot               ${pg.botUrl}/slack/events, ${pg.botUrl}/healthz`,
      `  store             ${pg.storeAt}`,
      `  policy            ${pg.policySource}`,
      "",
      "Type a command here too (npm run dev -- --help lists what the prompt understands). Ctrl-C stops.",
      "",
      "To try a bot started by hand (npm start) against these simulators, export these in another terminal,",
      "start it, then type `use http://127.0.0.1:3001` here (or `use socket` with SLACK_APP_TOKEN set):",
      `export SLACK_API_URL='${pg.emu.apiUrl}'`,
      `export SLACK_BOT_TOKEN='${pg.emu.botToken}'`,
      `export SLACK_SIGNING_SECRET='${pg.emu.signingSecret}'`,
      `# Socket Mode instead of HTTP: export SLACK_APP_TOKEN='${pg.emu.appToken}'`,
      'export PORT=3001 APPSVC_DATA_DIR="$(mktemp -d)"   # its own store: two bots cannot share one SQLite folder',
      ...envLines(pg.sim),
      "",
    ].join("\n"),
  );
  // A terminal or a piped script: read lines (a piped script ends the run when it ends). Otherwise (stdin is
  // /dev/null, as under a service manager) only the console runs, until a signal.
  const stdin = fstatSync(0);
  if (process.stdin.isTTY || stdin.isFIFO() || stdin.isFile()) {
    await repl(pg, t, print);
    stop();
  }
}

if (import.meta.main) {
  main().catch((e: unknown) => {
    process.stderr.write(`playground failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
