// Time formats Azure speaks: ISO instants without milliseconds, ISO 8601 durations, "start/end" timespans.

import { MINUTE } from "../fleet.ts";

/** "2025-01-01T00:00:00Z": the form Azure Monitor echoes (no milliseconds). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

const DURATION =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** ISO 8601 duration (PnWnDTnHnMnS) in ms; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim().toUpperCase() === "P" || /T$/i.test(text.trim())) return undefined;
  const [w, d, h, min, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  return (((w * 7 + d) * 24 + h) * 60 + min) * MINUTE + s * 1000;
}

function parseInstant(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A timespan as Azure Monitor and Log Analytics accept it: "start/end", "start/duration", "duration/end",
 * or a bare "duration" that ends now. Undefined when malformed or empty.
 */
export function parseTimespan(text: string, now: number): { from: number; to: number } | undefined {
  const parts = text.trim().split("/");
  let from: number | undefined;
  let to: number | undefined;
  if (parts.length === 1) {
    const d = parseDuration(parts[0]);
    if (d !== undefined) [from, to] = [now - d, now];
  } else if (parts.length === 2) {
    const [a, b] = parts;
    const [ia, ib, da, db] = [parseInstant(a), parseInstant(b), parseDuration(a), parseDuration(b)];
    if (ia !== undefined && ib !== undefined) [from, to] = [ia, ib];
    else if (ia !== undefined && db !== undefined) [from, to] = [ia, ia + db];
    else if (da !== undefined && ib !== undefined) [from, to] = [ib - da, ib];
  }
  if (from === undefined || to === undefined || !(to > from)) return undefined;
  return { from, to };
}

/** Parses an ISO instant (any form Date.parse accepts that starts with a date). */
export function parseIsoInstant(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseInstant(text);
}
