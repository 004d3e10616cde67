// users.info time-zone fields from an IANA zone, at a given instant (DST-aware). Pure.

/** Seconds east of UTC, e.g. 3600 for Europe/Paris in winter. Throws RangeError for an unknown zone. */
export function tzOffsetSeconds(tz: string, atMs: number): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" })
    .formatToParts(new Date(atMs))
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (!m) return 0; // "GMT" exactly
  const secs = Number(m[2]) * 3600 + Number(m[3]) * 60;
  return m[1] === "-" ? -secs : secs;
}

/** Slack's `tz_label`, e.g. "Central European Summer Time". */
export function tzLabel(tz: string, atMs: number): string {
  return (
    new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "long" })
      .formatToParts(new Date(atMs))
      .find((p) => p.type === "timeZoneName")?.value ?? tz
  );
}
