// Process entry of the `appsvc` command.
import { fleetFromConfig } from "../azure/from-config.ts";
import { runCli } from "./main.ts";

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  io: { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) },
  fleet: (azure) => fleetFromConfig(azure),
});
process.exitCode = code;
