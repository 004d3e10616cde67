// What `/appsvc …` parses into. Values are raw (as the user meant them, normalised); views escape them.
import type { AppQuery } from "../core/app-query.ts";
import type { AutoHealParams, AutoHealPreset } from "../core/autoheal-presets.ts";

export type { AutoHealParams };

import type { MetricScope } from "../core/snapshot.ts";

export type Verb =
  | "help"
  | "list"
  | "status"
  | "diagnose"
  | "metrics"
  | "health"
  | "logs"
  | "links"
  | "collect"
  | "restart"
  | "start"
  | "stop"
  | "scale"
  | "autoheal"
  | "healthcheck"
  | "dump"
  | "audit"
  | "digest"
  | "doctor";

export type { AppQuery };

/** A lookback window. `label` is canonical ("90m", "6h", "3d"); `defaulted` when the verb's default was used. */
export interface WindowSpec {
  ms: number;
  label: string;
  defaulted: boolean;
}

export interface MetricRef {
  /** REST name in canonical case, e.g. "Http5xx". */
  name: string;
  scope: MetricScope;
}

export type DigestScope =
  | { kind: "all" }
  | { kind: "app"; app: AppQuery }
  | { kind: "resourceGroup"; resourceGroup: string }
  | { kind: "subscription"; subscriptionId: string }
  | { kind: "tag"; key: string; value?: string };

export type DigestDays = "weekdays" | "daily";

export type Intent =
  | { verb: "help"; topic?: Verb }
  | { verb: "list"; filter?: string }
  /** Checks the bot's own set-up (Slack, Azure, store, policy): the doctor's table. */
  | { verb: "doctor" }
  | { verb: "status"; app: AppQuery; window: WindowSpec }
  | { verb: "diagnose"; app: AppQuery; window: WindowSpec }
  /** `metrics` empty = the verb's default set. */
  | { verb: "metrics"; app: AppQuery; window: WindowSpec; metrics: MetricRef[] }
  | { verb: "health"; app?: AppQuery }
  | { verb: "logs"; app: AppQuery; window: WindowSpec }
  | { verb: "links"; app: AppQuery }
  /** Evidence for the incident thread; `instance` narrows the process list to one worker. */
  | { verb: "collect"; app: AppQuery; window: WindowSpec; instance?: string }
  /** With `instance`, one worker is rebooted (never together with `soft`). */
  | { verb: "restart"; write: true; app: AppQuery; soft: boolean; instance?: string }
  | { verb: "start"; write: true; app: AppQuery }
  | { verb: "stop"; write: true; app: AppQuery }
  /** `instances` is the target instance count (1–30). */
  | { verb: "scale"; write: true; app: AppQuery; direction: "out"; instances: number }
  /** `sku` in canonical case, e.g. "P1mv3". */
  | { verb: "scale"; write: true; app: AppQuery; direction: "up"; sku: string }
  | { verb: "autoheal"; write: false; app: AppQuery; action: "show" }
  | { verb: "autoheal"; write: true; app: AppQuery; action: "enable"; preset: AutoHealPreset; params: AutoHealParams }
  | { verb: "autoheal"; write: true; app: AppQuery; action: "disable" }
  | { verb: "healthcheck"; write: true; app: AppQuery; path: string }
  /** A memory dump of one process (`process`: a name like w3wp, or a PID; absent = the app's worker). */
  | { verb: "dump"; write: true; app: AppQuery; instance: string; process?: string }
  | { verb: "audit"; app?: AppQuery; days: number; json: boolean }
  | {
      verb: "digest";
      action: "subscribe";
      /** "HH:MM", 24-hour; absent = the channel's policy default, else 09:00. */
      time?: string;
      /** Canonical IANA name; absent = the subscriber's own time zone. */
      timeZone?: string;
      /** Absent = the channel's policy default, else weekdays. */
      days?: DigestDays;
      /** Empty = everything the channel is bound to. */
      scope: DigestScope[];
    }
  | { verb: "digest"; action: "list" }
  | { verb: "digest"; action: "unsubscribe"; id: string }
  | { verb: "digest"; action: "now"; scope: DigestScope[] };

export interface CommandError {
  /** One or two plain sentences; user tokens in it are truncated and have `&`, `<`, `>` escaped. */
  message: string;
  /** The verb's usage (or the overview), plain text for the views layer to render. */
  usage: string;
  /** "Did you mean" candidates from our own tables (verbs, flags, metrics, …). */
  suggestions?: string[];
}

export type ParseResult = { ok: true; intent: Intent } | { ok: false; error: CommandError };
