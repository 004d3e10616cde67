// Builders for the read verbs: help, list, status, diagnose, metrics, health, logs, links, doctor, collect.

import { parseAppQuery } from "./app-query.ts";
import type { Args } from "./args.ts";
import { app, atMost, flagValue, Problem, take, window, withSlotFlag } from "./build.ts";
import { echo } from "./echo.ts";
import { LIMITS, VERB_WORDS, type VerbSpec, verbSpec } from "./grammar.ts";
import type { Intent, MetricRef } from "./intent.ts";
import { METRIC_WORDS, metricRef } from "./metric-names.ts";
import { closest } from "./suggest.ts";
import { parseInstance } from "./values.ts";

export function buildHelp(spec: VerbSpec, args: Args): Intent {
  atMost(spec, args, 1, "at most one command name");
  const word = args.positionals[0];
  if (word === undefined) return { verb: "help" };
  const topic = verbSpec(word);
  if (topic) return { verb: "help", topic: topic.verb };
  const near = closest(word, VERB_WORDS);
  const hint = near.length ? ` Did you mean ${near.join(" or ")}?` : "";
  throw new Problem(`There is no command ${echo(word)} to explain.${hint}`, near);
}

export function buildList(spec: VerbSpec, args: Args): Intent {
  atMost(spec, args, 1, "at most one filter (a word in the app name)");
  const filter = args.positionals[0];
  if (filter === undefined) return { verb: "list" };
  if (filter.length > LIMITS.maxFilterLength) {
    throw new Problem(`The filter is too long: at most ${LIMITS.maxFilterLength} characters.`);
  }
  return { verb: "list", filter };
}

/** status, diagnose and logs share one shape: an app and a window. */
export function buildAppWindow(spec: VerbSpec, args: Args): Intent {
  atMost(spec, args, 1, "one app");
  const verb = spec.verb as "status" | "diagnose" | "logs";
  return { verb, app: app(spec, args), window: window(spec, args) };
}

export function buildMetrics(spec: VerbSpec, args: Args): Intent {
  const target = app(spec, args);
  const words = args.positionals.slice(1).flatMap((p) => p.split(",").filter((w) => w !== ""));
  const metrics: MetricRef[] = [];
  for (const w of words) {
    const m = metricRef(w);
    if (m === undefined) {
      const near = closest(w, METRIC_WORDS);
      const hint = near.length ? ` Did you mean ${near.join(" or ")}?` : " Try Http5xx, Requests or CpuPercentage.";
      throw new Problem(`Unknown metric ${echo(w)}.${hint}`, near);
    }
    if (!metrics.some((x) => x.name === m.name)) metrics.push(m);
    if (metrics.length > LIMITS.maxMetrics) {
      throw new Problem(`Too many metrics: at most ${LIMITS.maxMetrics} in one chart.`);
    }
  }
  return { verb: "metrics", app: target, window: window(spec, args), metrics };
}

export function buildHealth(spec: VerbSpec, args: Args): Intent {
  atMost(spec, args, 1, "at most one app");
  const text = args.positionals[0];
  return text === undefined
    ? { verb: "health" }
    : { verb: "health", app: withSlotFlag(args, take(parseAppQuery(text))) };
}

export function buildLinks(spec: VerbSpec, args: Args): Intent {
  atMost(spec, args, 1, "one app");
  return { verb: "links", app: app(spec, args) };
}

export function buildDoctor(spec: VerbSpec, args: Args): Intent {
  atMost(spec, args, 0, "no arguments");
  return { verb: "doctor" };
}

export function buildCollect(spec: VerbSpec, args: Args): Intent {
  atMost(spec, args, 1, "one app");
  const target = app(spec, args);
  const instance = flagValue(args, "instance");
  const base = { verb: "collect" as const, app: target, window: window(spec, args) };
  return instance === undefined ? base : { ...base, instance: take(parseInstance(instance)) };
}
