// `appsvc status|diagnose <app> [--window 3h] [--slot s] [--json]`: the Slack answers for a person at a
// terminal, against whatever Azure the configuration points to (real, or `npm run sim`).

import { appQueryText, parseCommand } from "../command/index.ts";
import { ConfigError, loadCliConfig } from "../config.ts";
import { isDomainError } from "../core/errors.ts";
import type { Fleet } from "../core/fleet.ts";
import { type Check, formatTable } from "../doctor/check.ts";
import { runDoctor } from "../doctor/run.ts";
import { Door } from "../door/door.ts";
import { permissionFor } from "../door/permissions.ts";
import { createLogger } from "../log.ts";
import { readApp } from "../reads/read-app.ts";
import { appLabel, formatDiagnosis, formatStatus } from "./format.ts";

export const EXIT = { ok: 0, failed: 1, usage: 2, config: 3, notFound: 4, azure: 5 } as const;

export const USAGE = `usage: appsvc <status|diagnose> <app> [--window 3h] [--slot NAME] [--json]
       appsvc doctor   checks Slack, Azure, the store and the policy; prints ✅/❌ with the fix for each ❌
  <app>     a site name, resource-group/name, or ARM resource ID
  --window  lookback such as 30m, 6h, 3d (status: 1h, diagnose: 3h)
  --json    print the diagnosis as JSON (rule ids R01…R20, mitigation kinds)
Configuration comes from the AZURE_* environment variables (see README).
Exit codes: 0 done · 2 usage · 3 configuration · 4 app not found or ambiguous · 5 Azure error · 1 other.`;

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
}

export interface CliDeps {
  env: Record<string, string | undefined>;
  io: CliIo;
  /** Builds the Fleet from the validated Azure configuration (injected so tests can point it anywhere). */
  fleet(azure: ReturnType<typeof loadCliConfig>["azure"]): Fleet;
  now?: () => number;
  /** Runs the doctor (injected so tests can give it the simulators' credential). Default: runDoctor on `env`. */
  doctor?: (env: Record<string, string | undefined>) => Promise<Check[]>;
}

export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const { io } = deps;
  const json = argv.includes("--json");
  const words = argv.filter((a) => a !== "--json");
  if (words.length === 0 || words[0] === "help" || words.includes("--help") || words.includes("-h")) {
    io.out(`${USAGE}\n`);
    return words.length === 0 ? EXIT.usage : EXIT.ok;
  }
  if (words[0] === "doctor") {
    const checks = await (deps.doctor ?? ((env) => runDoctor({ env })))(deps.env);
    io.out(`${formatTable(checks)}\n`);
    return checks.every((c) => c.ok) ? EXIT.ok : EXIT.failed;
  }
  const parsed = parseCommand(words.map((w) => (/\s/.test(w) ? `"${w}"` : w)).join(" "));
  if (!parsed.ok) {
    io.err(`${parsed.error.message}\n${parsed.error.usage}\n`);
    return EXIT.usage;
  }
  const intent = parsed.intent;
  if (intent.verb !== "status" && intent.verb !== "diagnose") {
    io.err(`appsvc: the terminal CLI answers status and diagnose; "${intent.verb}" is a Slack command.\n${USAGE}\n`);
    return EXIT.usage;
  }
  let config: ReturnType<typeof loadCliConfig>;
  try {
    config = loadCliConfig(deps.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`${e.message}\n`);
      return EXIT.config;
    }
    throw e;
  }
  try {
    // The same door as Slack: the local operator reads with their own Azure credential, no policy.
    const door = new Door({
      policy: undefined,
      directory: { members: async () => [] },
      fleet: deps.fleet(config.azure),
      now: deps.now ?? Date.now,
      log: createLogger({ level: "silent" }),
    });
    const ctx = await door.open({ via: "cli", user: "cli" });
    const admitted = await door.authorise(ctx, permissionFor(intent));
    if (!admitted.allowed) {
      io.err(`appsvc: ${admitted.reason}\n`);
      return EXIT.usage;
    }
    const result = await readApp(ctx.fleet, intent.app, {
      windowMs: intent.window.ms,
      slot: intent.app.slot,
      explicit: intent.verb === "diagnose",
      now: deps.now?.(),
      configOptional: true,
    });
    if (result.kind === "ambiguous") {
      io.err(
        `"${appQueryText(intent.app)}" matches ${result.candidates.length} apps; name one:\n${result.candidates
          .map(
            (a) =>
              `  appsvc ${intent.verb} ${a.resourceGroup}/${a.name}   (${a.region}, subscription ${a.subscriptionId})`,
          )
          .join("\n")}\n`,
      );
      return EXIT.notFound;
    }
    if (result.kind === "unknown") {
      const hint = result.suggestions.length
        ? `Did you mean: ${result.suggestions.map(appLabel).join(", ")}?`
        : "No app with a similar name is visible in the configured subscriptions.";
      io.err(`No app matches "${result.query}". ${hint}\n`);
      return EXIT.notFound;
    }
    if (json) {
      io.out(`${JSON.stringify({ app: result.app, figures: result.figures, diagnosis: result.diagnosis }, null, 2)}\n`);
    } else {
      const render = intent.verb === "status" ? formatStatus : formatDiagnosis;
      io.out(render(result.snapshot, result.diagnosis, result.figures));
    }
    return EXIT.ok;
  } catch (e) {
    if (isDomainError(e)) {
      io.err(`appsvc: ${e.userMessage}${e.hint ? `\n  ${e.hint}` : ""}\n`);
      return EXIT.azure;
    }
    io.err(`appsvc: unexpected failure: ${(e as Error).message}\n`);
    return EXIT.failed;
  }
}
