// The bot as its own process, started the way `npm start` starts it (its prestart build, then the node flags
// and leading VAR=value assignments of package.json's start script), pointed at the simulators, and measured from outside through
// /proc/<pid>/status like a container runtime would see it.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SIM_WORKSPACE_ID } from "../src/sim/azure/cli.ts";
import type { SimHostInfo } from "./sim-host.ts";

const ROOT = new URL("../", import.meta.url);

/** `npm start` split into environment assignments, node arguments and the script. */
export function startCommand(): { env: Record<string, string>; args: string[] } {
  const pkg = JSON.parse(readFileSync(new URL("package.json", ROOT), "utf8")) as {
    scripts: { start: string; prestart?: string };
  };
  // What npm runs before start (the build of dist/).
  if (pkg.scripts.prestart) {
    const r = spawnSync("npm", ["run", "--silent", "prestart"], { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0) throw new Error(`npm run prestart failed (${r.status})`);
  }
  const words = pkg.scripts.start.trim().split(/\s+/);
  // `node bin/node24.js [NAME=value…] node …` only makes sure of Node 24 (this bench already runs on it) and
  // sets the environment: measure the bot itself, not the wrapper process.
  if (words[0] === "node" && words[1]?.endsWith("bin/node24.js")) words.splice(0, 2);
  const env: Record<string, string> = {};
  while (words.length && /^[A-Z_]+=/.test(words[0])) {
    const [k, ...v] = (words.shift() as string).split("=");
    env[k] = v.join("=");
  }
  if (words.shift() !== "node") throw new Error(`the start script must run node: ${pkg.scripts.start}`);
  return { env, args: words };
}

export interface ProcMemory {
  /** Resident set now, MB. */
  rssMB: number;
  /** Highest resident set since start or the last resetPeak(), MB. */
  hwmMB: number;
  /** Where the resident set is now (smaps), MB: mapped files (the node binary, native modules), glibc's
   * main arena, mimalloc's arena (resvg brings its own allocator: one 1 GiB reservation), other anonymous
   * memory (V8's heaps, glibc's thread arenas, buffers). */
  split: { file: number; glibcHeap: number; mimalloc: number; otherAnon: number };
}

export interface BotProcess {
  pid: number;
  port: number;
  url: string;
  memory(): ProcMemory;
  /** Resets VmHWM (writes 5 to /proc/<pid>/clear_refs); false when the kernel refuses. */
  resetPeak(): boolean;
  /** Requests still being handled, from /healthz. */
  inFlight(): Promise<number>;
  stop(): Promise<number | null>;
}

export function readProcMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rssMB: kb("VmRSS") / 1024, hwmMB: kb("VmHWM") / 1024, split: residentSplit(pid) };
}

function residentSplit(pid: number): ProcMemory["split"] {
  const split = { file: 0, glibcHeap: 0, mimalloc: 0, otherAnon: 0 };
  const text = readFileSync(`/proc/${pid}/smaps`, "utf8");
  for (const m of text.split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/)) {
    const head = m.slice(0, m.indexOf("\n"));
    const [range, , , , inode, path = ""] = head.split(/\s+/);
    const [a, b] = range.split("-").map((x) => Number.parseInt(x, 16));
    const rss = Number(/\nRss:\s+(\d+)/.exec(m)?.[1] ?? 0) / 1024;
    if (inode !== "0") split.file += rss;
    else if (path === "[heap]") split.glibcHeap += rss;
    else if (b - a >= 1 << 30) split.mimalloc += rss;
    else split.otherAnon += rss;
  }
  return split;
}

export async function startBotProcess(
  sim: SimHostInfo,
  slack: { apiUrl: string; botToken: string; signingSecret: string },
  extraEnv: Record<string, string> = {},
): Promise<BotProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "appsvc-membench-"));
  // No APPSVC_CONFIG: a read-only bot that shows every app (nothing in the bench writes to Azure).
  const { env, args } = startCommand();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      ...env,
      ...extraEnv,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      PORT: "0",
      LOG_LEVEL: "info",
      APPSVC_DATA_DIR: dataDir,
      AZURE_SUBSCRIPTION_IDS: sim.subscriptions.join(","),
      AZURE_RESOURCE_MANAGER_ENDPOINT: sim.url,
      AZURE_METRICS_BATCH_ENDPOINT: sim.metricsBatchEndpointTemplate,
      AZURE_LOG_ANALYTICS_ENDPOINT: sim.logsEndpoint,
      AZURE_LOG_ANALYTICS_WORKSPACE_ID: SIM_WORKSPACE_ID,
      IDENTITY_ENDPOINT: sim.identityEndpoint,
      IDENTITY_HEADER: sim.identityHeader,
      NODE_EXTRA_CA_CERTS: sim.caPath,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  // The bot's log, kept short: only its tail matters (the port line, or why it failed).
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /"port":(\d+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(Number(m[1]));
        out = "";
      }
    }, 20);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`the bot exited with ${code} before it listened: ${out.slice(-2000)}`));
    });
  });
  const pid = child.pid as number;
  const url = `http://127.0.0.1:${port}`;
  return {
    pid,
    port,
    url,
    memory: () => readProcMemory(pid),
    resetPeak: () => {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, "5");
        return true;
      } catch {
        return false;
      }
    },
    inFlight: async () => ((await (await fetch(`${url}/healthz`)).json()) as { inFlight: number }).inFlight,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", (code) => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve(code);
        });
        child.kill("SIGTERM");
      }),
  };
}
