// Builders for `digest …` and `audit`. Subscribe words may come in any order: a time (09:00, 9am), an IANA
// time zone, weekdays|daily, and the scope (all, rg:<name>, sub:<id>, tag:<key>[=<value>], or apps).

import { isResourceGroupName, isSubscriptionId, parseAppQuery } from "./app-query.ts";
import type { Args } from "./args.ts";
import { app, atMost, flagValue, keyword, Problem, take } from "./build.ts";
import { echo } from "./echo.ts";
import { DIGEST_ACTIONS, LIMITS, type VerbSpec } from "./grammar.ts";
import type { DigestDays, DigestScope, Intent } from "./intent.ts";
import { closest } from "./suggest.ts";
import { parseCount, parseId } from "./values.ts";

const MAX_SCOPE = 20;
const ZONE_AREAS = /^(?:africa|america|antarctica|arctic|asia|atlantic|australia|europe|indian|pacific|etc)\//i;

export function buildDigest(spec: VerbSpec, args: Args): Intent {
  const action = keyword(args.positionals[0], DIGEST_ACTIONS, "digest", "an action");
  const rest = args.positionals.slice(1);
  switch (action) {
    case "list":
      atMost(spec, args, 1, "nothing after list");
      return { verb: "digest", action };
    case "unsubscribe": {
      atMost(spec, args, 2, "one subscription ID after unsubscribe");
      if (rest[0] === undefined) throw new Problem("digest unsubscribe needs the subscription ID (see digest list).");
      return { verb: "digest", action, id: take(parseId(rest[0])) };
    }
    case "now":
      return { verb: "digest", action, scope: scopeOf(rest) };
    case "subscribe":
      return subscribe(rest);
  }
}

function subscribe(words: string[]): Intent {
  let time: string | undefined;
  let timeZone: string | undefined;
  let days: DigestDays | undefined;
  const scopeWords: string[] = [];
  const once = (given: unknown, what: string) => {
    if (given !== undefined) throw new Problem(`digest subscribe takes one ${what}.`);
  };
  for (const w of words) {
    const t = timeOf(w);
    if (t !== undefined) {
      once(time, "time");
      time = t;
    } else if (/^(?:weekdays|daily)$/i.test(w)) {
      once(days, "of weekdays or daily");
      days = w.toLowerCase() as DigestDays;
    } else if (ZONE_AREAS.test(w) || /^(?:utc|gmt)$/i.test(w)) {
      once(timeZone, "time zone");
      timeZone = zoneOf(w);
    } else scopeWords.push(w);
  }
  // What was not typed stays absent: the feature fills it from the channel's policy, then 09:00/weekdays.
  return {
    verb: "digest",
    action: "subscribe",
    ...(time !== undefined ? { time } : {}),
    ...(timeZone !== undefined ? { timeZone } : {}),
    ...(days !== undefined ? { days } : {}),
    scope: scopeOf(scopeWords),
  };
}

/** "09:00", "9:30", "9am", "6:15pm" → "HH:MM"; undefined when the word is not a time at all. */
function timeOf(word: string): string | undefined {
  const m = /^(\d{1,2})(?::(\d{2}))?(am|pm)?$/i.exec(word);
  if (!m || (m[2] === undefined && m[3] === undefined)) return undefined;
  let h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  const ampm = m[3]?.toLowerCase();
  if (ampm !== undefined && (h < 1 || h > 12)) throw new Problem(`${echo(word)} is not a time: use 1–12 with am/pm.`);
  if (ampm === "pm" && h !== 12) h += 12;
  if (ampm === "am" && h === 12) h = 0;
  if (h > 23 || min > 59) throw new Problem(`${echo(word)} is not a time of day: use HH:MM, 00:00–23:59.`);
  return `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}`;
}

/** The canonical IANA name ("europe/berlin" → "Europe/Berlin"), or a problem with the closest names. */
function zoneOf(word: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: word }).resolvedOptions().timeZone;
  } catch {
    const near = closest(word, Intl.supportedValuesOf("timeZone"));
    const hint = near.length ? ` Did you mean ${near.join(" or ")}?` : " Use an IANA name such as Europe/Berlin.";
    throw new Problem(`Unknown time zone ${echo(word)}.${hint}`, near);
  }
}

function scopeOf(words: string[]): DigestScope[] {
  if (words.length > MAX_SCOPE) throw new Problem(`A digest scope has at most ${MAX_SCOPE} entries.`);
  const scope = words.map(scopeEntry);
  if (scope.length > 1 && scope.some((s) => s.kind === "all")) {
    throw new Problem("The scope “all” already covers everything: give it alone.");
  }
  return scope;
}

function scopeEntry(word: string): DigestScope {
  if (word.toLowerCase() === "all") return { kind: "all" };
  const m = /^(rg|resourcegroup|sub|subscription|tag):(.*)$/i.exec(word);
  if (!m) return { kind: "app", app: take(parseAppQuery(word)) };
  const [, kind, value] = m;
  const k = kind.toLowerCase();
  if (k === "tag") {
    const [key, ...v] = value.split("=");
    if (!/^[^<>%&\\?/=\s]{1,128}$/.test(key))
      throw new Problem(`${echo(word)} is not a tag: use tag:key or tag:key=value.`);
    return v.length ? { kind: "tag", key, value: v.join("=") } : { kind: "tag", key };
  }
  if (k === "rg" || k === "resourcegroup") {
    if (!isResourceGroupName(value)) {
      throw new Problem(`${echo(value)} is not a resource group name.`);
    }
    return { kind: "resourceGroup", resourceGroup: value };
  }
  if (!isSubscriptionId(value)) throw new Problem(`${echo(value)} is not a subscription ID.`);
  return { kind: "subscription", subscriptionId: value };
}

export function buildAudit(spec: VerbSpec, args: Args): Intent {
  atMost(spec, args, 1, "at most one app");
  const d = flagValue(args, "days");
  const days = d === undefined ? LIMITS.auditDefaultDays : take(parseCount(d, 1, LIMITS.auditMaxDays, "--days"));
  const json = args.flags.has("json");
  if (args.positionals[0] === undefined) return { verb: "audit", days, json };
  return { verb: "audit", app: app(spec, args), days, json };
}
