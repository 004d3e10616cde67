// Builders for the mitigation verbs. They only parse: approval and execution happen elsewhere.
import type { Args } from "./args.ts";
import { app, atMost, flagValue, keyword, Problem, refuseFlags, take } from "./build.ts";
import { echo } from "./echo.ts";
import {
  AUTOHEAL_ACTIONS,
  AUTOHEAL_PARAMS,
  AUTOHEAL_PRESETS,
  FLAGS,
  type FlagName,
  LIMITS,
  type PresetWord,
  SCALE_DIRECTIONS,
  type VerbSpec,
} from "./grammar.ts";
import type { AutoHealParams, Intent } from "./intent.ts";
import { closest } from "./suggest.ts";
import { parseCount, parseInstance, parsePath, parseSku, parseStatusCodes, parseTimespan } from "./values.ts";

export function buildRestart(spec: VerbSpec, args: Args): Intent {
  atMost(spec, args, 1, "one app");
  const target = app(spec, args);
  const instance = flagValue(args, "instance");
  if (instance === undefined) return { verb: "restart", write: true, app: target, soft: args.flags.has("soft") };
  refuseFlags(args, ["soft", "slot"], "not possible with --instance (it reboots one worker of the plan)");
  return { verb: "restart", write: true, app: target, soft: false, instance: take(parseInstance(instance)) };
}

export function buildStartStop(spec: VerbSpec, args: Args): Intent {
  atMost(spec, args, 1, "one app");
  return { verb: spec.verb as "start" | "stop", write: true, app: app(spec, args) };
}

export function buildScale(spec: VerbSpec, args: Args): Intent {
  const target = app(spec, args);
  const direction = keyword(args.positionals[1], SCALE_DIRECTIONS, "scale", "a direction");
  const value = args.positionals[2];
  atMost(spec, args, 3, direction === "out" ? "an app, out and an instance count" : "an app, up and a SKU");
  if (direction === "out") {
    if (value === undefined) throw new Problem(`scale out needs an instance count (1–${LIMITS.maxInstances}).`);
    const instances = take(parseCount(value, LIMITS.minInstances, LIMITS.maxInstances, "the instance count"));
    return { verb: "scale", write: true, app: target, direction, instances };
  }
  if (value === undefined) throw new Problem("scale up needs a SKU, e.g. P1v3.");
  return { verb: "scale", write: true, app: target, direction, sku: take(parseSku(value)) };
}

export function buildHealthcheck(spec: VerbSpec, args: Args): Intent {
  atMost(spec, args, 2, "an app and a path");
  const target = app(spec, args);
  const path = args.positionals[1];
  if (path === undefined) throw new Problem("healthcheck needs a path, e.g. /healthz.");
  return { verb: "healthcheck", write: true, app: target, path: take(parsePath(path, "The health check path")) };
}

export function buildAutoheal(spec: VerbSpec, args: Args): Intent {
  const target = app(spec, args);
  const action = keyword(args.positionals[1], AUTOHEAL_ACTIONS, "autoheal", "an action");
  if (action !== "enable") {
    atMost(spec, args, 2, `an app and ${action}`);
    refuseFlags(args, AUTOHEAL_PARAMS, "only for autoheal enable");
    return action === "show"
      ? { verb: "autoheal", write: false, app: target, action }
      : { verb: "autoheal", write: true, app: target, action };
  }
  atMost(spec, args, 3, "an app, enable and a preset");
  const word = presetWord(args.positionals[2]);
  const { preset, params: allowed } = AUTOHEAL_PRESETS[word];
  const stray = AUTOHEAL_PARAMS.filter((p) => args.flags.has(p) && !(allowed as readonly FlagName[]).includes(p));
  if (stray.length) {
    const list = allowed.map((p) => FLAGS[p].long).join(", ");
    throw new Problem(`${FLAGS[stray[0]].long} does not apply to ${preset}; it takes ${list}.`);
  }
  const params = autohealParams(args);
  if (word === "slow-path" && params.path === undefined) {
    throw new Problem("AH-SLOW-PATH needs --path, e.g. --path /api/x.");
  }
  return { verb: "autoheal", write: true, app: target, action, preset, params };
}

const PRESET_WORDS = new Map<string, PresetWord>();
for (const w of Object.keys(AUTOHEAL_PRESETS) as PresetWord[]) {
  PRESET_WORDS.set(w, w);
  PRESET_WORDS.set(AUTOHEAL_PRESETS[w].preset.toLowerCase(), w);
}

/** "mem", "AH-MEM", "ah-mem" → "mem". */
function presetWord(word: string | undefined): PresetWord {
  const words = Object.keys(AUTOHEAL_PRESETS).join(", ");
  if (word === undefined) throw new Problem(`autoheal enable needs a preset: ${words}.`, Object.keys(AUTOHEAL_PRESETS));
  const hit = PRESET_WORDS.get(word.toLowerCase());
  if (hit) return hit;
  const near = closest(word, PRESET_WORDS);
  const hint = near.length ? ` Did you mean ${near.join(" or ")}?` : ` Use ${words}.`;
  throw new Problem(
    `Unknown auto-heal preset ${echo(word)}.${hint}`,
    near.length ? near : Object.keys(AUTOHEAL_PRESETS),
  );
}

function autohealParams(args: Args): AutoHealParams {
  const p: AutoHealParams = {};
  const v = (name: FlagName) => flagValue(args, name);
  const int = (name: FlagName) => take(parseCount(v(name)!, 1, LIMITS.int32Max, FLAGS[name].long));
  if (v("private-bytes-kb") !== undefined) p.privateBytesKB = int("private-bytes-kb");
  if (v("count") !== undefined) p.count = int("count");
  if (v("time-taken") !== undefined) p.timeTaken = take(parseTimespan(v("time-taken")!, "--time-taken"));
  if (v("interval") !== undefined) p.interval = take(parseTimespan(v("interval")!, "--interval"));
  const minTime = v("min-process-time");
  if (minTime !== undefined) p.minProcessTime = take(parseTimespan(minTime, "--min-process-time"));
  if (v("path") !== undefined) p.path = take(parsePath(v("path")!, "--path"));
  if (v("status-codes") !== undefined) p.statusCodes = take(parseStatusCodes(v("status-codes")!));
  const trigger = v("trigger");
  if (trigger !== undefined) p.trigger = keyword(trigger, ["5xx", "slow"] as const, "--trigger", "a trigger");
  return p;
}

const PROCESS = /^[A-Za-z0-9_.-]{1,64}$/;

export function buildDump(spec: VerbSpec, args: Args): Intent {
  atMost(spec, args, 1, "one app");
  const target = app(spec, args);
  const instance = flagValue(args, "instance");
  if (instance === undefined)
    throw new Problem(
      "dump needs --instance: the worker whose process to dump, e.g. --instance RD0003 (collect lists them).",
    );
  const process = flagValue(args, "process");
  if (process !== undefined && !PROCESS.test(process))
    throw new Problem(`${echo(process)} is not a process: give its name (w3wp, dotnet) or its PID.`);
  const base = { verb: "dump" as const, write: true as const, app: target, instance: take(parseInstance(instance)) };
  return process === undefined ? base : { ...base, process: process.replace(/\.exe$/i, "") };
}
