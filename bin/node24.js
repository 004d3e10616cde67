#!/usr/bin/env node
// `node bin/node24.js <command> [args…]`: runs <command> with Node.js 24 first on PATH.
// The sources are TypeScript that Node 24 runs directly (type stripping), and the tests use Node 24 APIs, so
// every npm script goes through here. This file itself must run on old Node (18+): plain JavaScript only.
// When the running node is older than 24, it uses (or installs once) the `node@24` runtime package from the
// npm registry in a cache folder — the same thing `.ci/run` does — and re-executes the command with it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, realpathSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const MIN_MAJOR = 24;

function major(version) {
  return Number(String(version).replace(/^v/, "").split(".")[0]);
}

/** The cache folder: APPSVC_NODE_CACHE, else $XDG_CACHE_HOME/appsvc-bot/node24, else ~/.cache/appsvc-bot/node24. */
export function cacheDir(env = process.env) {
  if (env.APPSVC_NODE_CACHE) return env.APPSVC_NODE_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "appsvc-bot", "node24");
}

function cachedNode(dir) {
  const bin = join(dir, "node_modules", "node", "bin", "node");
  if (!existsSync(bin)) return undefined;
  const r = spawnSync(bin, ["-p", "process.versions.node"], { encoding: "utf8" });
  return r.status === 0 && major(r.stdout.trim()) >= MIN_MAJOR ? bin : undefined;
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Path of a Node >= 24 binary: this one, the cached one, or one installed now from the npm registry. */
export function ensureNode24() {
  if (major(process.versions.node) >= MIN_MAJOR) return process.execPath;
  const dir = cacheDir();
  const found = cachedNode(dir);
  if (found) return found;
  process.stderr.write(
    `This machine's node is ${process.version}; appsvc-bot needs Node.js ${MIN_MAJOR}. ` +
      `Installing node@${MIN_MAJOR} from the npm registry into ${dir} (once, about 30 MB)…\n`,
  );
  // Install into a private folder, then rename: two first runs at once cannot see a half-installed runtime.
  const tmp = `${dir}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(
    npm,
    ["install", "--prefix", tmp, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", `node@${MIN_MAJOR}`],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  if (r.status !== 0 || !cachedNode(tmp)) {
    rmSync(tmp, { recursive: true, force: true });
    fail(
      `Could not install Node.js ${MIN_MAJOR} from the npm registry. Install Node.js ${MIN_MAJOR} yourself ` +
        `(https://nodejs.org, or \`nvm install ${MIN_MAJOR}\`) and run the command again.`,
    );
  }
  mkdirSync(dirname(dir), { recursive: true });
  try {
    renameSync(tmp, dir);
  } catch {
    // Another first run finished first: use its copy.
    rmSync(tmp, { recursive: true, force: true });
  }
  const installed = cachedNode(dir);
  if (!installed)
    fail(`Node.js ${MIN_MAJOR} was installed but ${dir} holds no working node binary; remove it and retry.`);
  return installed;
}

/** Runs argv[0] with Node 24's folder first on PATH (so `node`, and `#!/usr/bin/env node` bins, are Node 24). */
export function runWithNode24(argv) {
  const node = ensureNode24();
  const pathKey = Object.keys(process.env).find((k) => k.toUpperCase() === "PATH") || "PATH";
  const sep = process.platform === "win32" ? ";" : ":";
  const env = { ...process.env, [pathKey]: `${dirname(node)}${sep}${process.env[pathKey] || ""}` };
  // Leading NAME=value words are the command's environment, as with `env`: npm start sets glibc's malloc
  // this way, which a `NAME=value node …` script could not do on Windows (cmd has no such syntax).
  const words = [...argv];
  while (words.length > 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
    const [name, ...value] = words.shift().split("=");
    env[name] = value.join("=");
  }
  const [cmd, ...args] = words;
  const child = spawn(cmd === "node" ? node : cmd, args, { stdio: "inherit", env });
  // The child gets the terminal's signals itself; we only pass on a kill aimed at us and mirror its exit.
  for (const sig of ["SIGTERM", "SIGHUP"]) process.on(sig, () => child.kill(sig));
  process.on("SIGINT", () => {});
  // `kill <npm pid>` leaves us orphaned without a signal: then stop the child too.
  const parent = process.ppid;
  const orphanWatch = setInterval(() => {
    if (process.ppid !== parent) child.kill("SIGTERM");
  }, 1000);
  orphanWatch.unref();
  child.on("error", (e) => fail(`Could not start ${cmd}: ${e.message}`));
  child.on("exit", (code, signal) => {
    if (!signal) process.exit(code ?? 1);
    // Die of the same signal, as a shell would report it.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    setTimeout(() => process.exit(1), 100).unref();
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  if (!argv.length || argv[0] === "--help" || argv[0] === "-h") {
    process.stdout.write(
      "usage: node bin/node24.js [NAME=value…] <command> [args…]\n" +
        "Runs the command with Node.js 24 first on PATH, installing node@24 from the npm registry into\n" +
        `${cacheDir()} when this node (${process.version}) is older. APPSVC_NODE_CACHE overrides the folder.\n`,
    );
    process.exit(0);
  }
  runWithNode24(argv);
}
