// Numbers, durations and times as an on-call engineer reads them: units always, unknown as "n/a" (never 0),
// times in the channel's time zone with its abbreviation (or UTC, said so). All but fmtJson return mrkdwn-safe text.

export const NA = "n/a";

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const trim0 = (s: string): string => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);

/** 1,234 */
export function fmtInt(n: number | null | undefined): string {
  return isNum(n) ? Math.round(n).toLocaleString("en-US") : NA;
}

/** 1,234 · 12.3k · 4.5M: exact below ten thousand, compact above. */
export function fmtCount(n: number | null | undefined): string {
  if (!isNum(n)) return NA;
  const a = Math.abs(n);
  if (a < 10_000) return isNum(n) && !Number.isInteger(n) ? trim0(n.toFixed(a < 10 ? 2 : 1)) : fmtInt(n);
  const units: Array<[number, string]> = [
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (let i = units.length - 1; i >= 0; i--) {
    const [div, suffix] = units[i];
    const v = n / div;
    const s = trim0(v.toFixed(Math.abs(v) < 100 ? 1 : 0));
    if (Math.abs(Number(s)) < 1000 || i === 0) return `${s}${suffix}`;
  }
  return fmtInt(n);
}

/** A percentage given as 0–100: 97% · 4.2% · 0.42% · <0.01%. Never rounds a value below 100 up to "100%". */
export function fmtPct(pct: number | null | undefined): string {
  if (!isNum(pct)) return NA;
  const a = Math.abs(pct);
  if (pct === 0) return "0%";
  // Entity, not "<": these strings go into mrkdwn, where a raw "<" opens a control sequence.
  if (a < 0.01) return pct < 0 ? "−&lt;0.01%" : "&lt;0.01%";
  let s = trim0(pct.toFixed(a < 1 ? 2 : a < 10 ? 1 : 0));
  if (pct < 100 && Number(s) >= 100) s = "99.9";
  return `${s}%`;
}

/** A ratio given as 0–1, shown as a percentage. */
export function fmtRate(ratio: number | null | undefined): string {
  return isNum(ratio) ? fmtPct(ratio * 100) : NA;
}

/** Seconds: 340 ms · 2.5 s · 230 s · 1 h 5 min. */
export function fmtSeconds(s: number | null | undefined): string {
  if (!isNum(s)) return NA;
  const a = Math.abs(s);
  if (a < 1) return `${Math.round(s * 1000)} ms`;
  if (a < 10) return `${trim0(s.toFixed(1))} s`;
  if (a < 1000) return `${Math.round(s)} s`;
  return fmtDuration(s * 1000);
}

/** Bytes, binary multiples: 512 B · 870 MB · 1.4 GB (GB = 1024³, as Azure's SKU memory is given). */
export function fmtBytes(b: number | null | undefined): string {
  if (!isNum(b)) return NA;
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let v = b;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? Math.round(v) : trim0(v.toFixed(Math.abs(v) < 10 ? 1 : 0))} ${units[i]}`;
}

/** Durations: 45 s · 2 min 30 s · 35 min · 1 h 35 min · 2 d 3 h. */
export function fmtDuration(ms: number | null | undefined): string {
  if (!isNum(ms)) return NA;
  const total = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts: string[] = [];
  if (d) parts.push(`${d} d`, ...(h ? [`${h} h`] : []));
  else if (h) parts.push(`${h} h`, ...(m ? [`${m} min`] : []));
  else if (m) parts.push(`${m} min`, ...(s && m < 5 ? [`${s} s`] : []));
  else parts.push(`${s} s`);
  return parts.join(" ");
}

/** The zone to show: the channel's IANA zone when valid, else UTC. */
export function resolveTimeZone(timeZone?: string): string {
  if (!timeZone) return "UTC";
  try {
    return new Intl.DateTimeFormat("en-GB", { timeZone }).resolvedOptions().timeZone;
  } catch {
    return "UTC";
  }
}

interface Parts {
  day: string;
  time: string;
  zone: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function parts(ms: number, timeZone?: string): Parts {
  const tz = resolveTimeZone(timeZone);
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: tz,
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { day: `${p.day} ${p.month}`, time: `${p.hour}:${p.minute}`, zone: p.timeZoneName ?? tz };
}

/** 08:15 CEST */
export function fmtTime(ms: number | null | undefined, timeZone?: string): string {
  if (!isNum(ms)) return NA;
  const p = parts(ms, timeZone);
  return `${p.time} ${p.zone}`;
}

/** 2 Jun 08:15 CEST */
export function fmtDateTime(ms: number | null | undefined, timeZone?: string): string {
  if (!isNum(ms)) return NA;
  const p = parts(ms, timeZone);
  return `${p.day} ${p.time} ${p.zone}`;
}

/**
 * A time range: "07:15–08:15 CEST", with the day when it matters ("1 Jun 23:00 – 2 Jun 01:00 CEST"), and the
 * zone on both ends when it changes in between (DST). `withZone: false` drops it (a line that states it once).
 */
export function fmtRange(
  start: number,
  end: number,
  timeZone?: string,
  opts: { withDay?: boolean; withZone?: boolean } = {},
): string {
  if (!isNum(start) || !isNum(end)) return NA;
  const a = parts(start, timeZone);
  const b = parts(end, timeZone);
  const zone = opts.withZone === false ? "" : ` ${b.zone}`;
  const sameDay = a.day === b.day;
  const day = (p: Parts) => (opts.withDay || !sameDay ? `${p.day} ` : "");
  if (start === end) return `${day(a)}${a.time}${zone}`;
  const za = a.zone !== b.zone && opts.withZone !== false ? ` ${a.zone}` : "";
  return sameDay && !za ? `${day(a)}${a.time}–${b.time}${zone}` : `${day(a)}${a.time}${za} – ${day(b)}${b.time}${zone}`;
}

/** "Times in Europe/Berlin (CEST)" or "Times in UTC". */
export function zoneNote(at: number, timeZone?: string): string {
  const tz = resolveTimeZone(timeZone);
  if (tz === "UTC" || tz === "Etc/UTC") return "Times in UTC";
  return `Times in ${tz} (${parts(at, tz).zone})`;
}

/** Compact JSON of a value for one line ("P1v3×2", {"a":1}); null/undefined say so. */
export function fmtJson(v: unknown): string {
  if (v === undefined) return NA;
  if (v === null) return "none";
  if (typeof v === "string") return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
