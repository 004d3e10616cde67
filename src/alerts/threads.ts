// One thread per incident, as pure rules over the thread's stored state: which thread an alert belongs to,
// what a repeat, a resolution, an acknowledgement or a mute changes. No I/O; handle.ts applies them.
import type { AlertThread, Json } from "../store/store.ts";
import { type Alert, type AlertCondition, isoDurationMs } from "./schema.ts";

/** Alerts for the same app within this long of the thread's last activity join its open thread. */
export const JOIN_WINDOW_MS = 30 * 60_000;
export const MUTE_MS = 60 * 60_000;

export interface AlertEntry {
  rule: string;
  severity: number;
  kind: Alert["kind"];
  monitoringService: string;
  firedAt: number;
  lastFiredAt: number;
  /** Notifications of this alert (first firing and repeats). */
  count: number;
  resolvedAt?: number;
  conditions: AlertCondition[];
  event?: Alert["event"];
  window?: { start: number; end: number };
}

export interface ThreadState {
  /** App name ("shop-api" or "shop-api/staging") or, for alerts about no app, the rule name. */
  title: string;
  appId?: string;
  /** Insertion order is firing order. */
  alerts: Record<string, AlertEntry>;
  ack?: { user: string; at: number };
  /** `until: null`: until the thread is resolved. */
  mute?: { until: number | null; by: string; at: number };
}

/** The key threads group by: the app (case-insensitive, as Azure IDs are) or, without an app, the alert. */
export function threadKeyOf(alert: Alert, appId: string | undefined): string {
  return appId ? appId.toLowerCase() : `alert:${alert.alertId.toLowerCase()}`;
}

export function stateOf(t: Pick<AlertThread, "state">): ThreadState {
  const s = t.state as unknown;
  if (typeof s === "object" && s !== null && "alerts" in s && "title" in s) return s as ThreadState;
  return { title: "alert", alerts: {} };
}

export const toJson = (s: ThreadState): Json => JSON.parse(JSON.stringify(s)) as Json;

/** An alert's place: its open thread to join, or a new one (with the generation to claim). */
export function placeFor(latest: AlertThread | undefined, now: number): { join: AlertThread } | { open: number } {
  if (latest && latest.resolvedAt === null && now - latest.lastAt <= JOIN_WINDOW_MS) return { join: latest };
  return { open: (latest?.generation ?? 0) + 1 };
}

/** A mute on the latest thread that still holds for new alerts of the app. */
export function mutedBy(latest: AlertThread | undefined, now: number): ThreadState["mute"] | undefined {
  if (!latest) return undefined;
  const m = stateOf(latest).mute;
  if (!m) return undefined;
  if (m.until === null) return latest.resolvedAt === null ? m : undefined;
  return m.until > now ? m : undefined;
}

/** The window to mark on the chart: the alert's evaluation window, or its window size before it fired. */
export function alertWindow(alert: Pick<AlertEntry, "window" | "conditions" | "firedAt">): {
  start: number;
  end: number;
} {
  if (alert.window) return alert.window;
  const size = isoDurationMs(alert.conditions[0]?.windowSize) ?? 5 * 60_000;
  return { start: alert.firedAt - size, end: alert.firedAt };
}

export function newState(title: string, appId: string | undefined): ThreadState {
  return { title, ...(appId ? { appId } : {}), alerts: {} };
}

/** A Fired notification: a new alert in the thread, or a repeat of one (count and last fired). */
export function withFired(s: ThreadState, a: Alert, now: number): ThreadState {
  const prev = s.alerts[a.alertId];
  const entry: AlertEntry = prev
    ? { ...prev, count: prev.count + 1, lastFiredAt: Math.max(prev.lastFiredAt, now), resolvedAt: undefined }
    : {
        rule: a.rule,
        severity: a.severity,
        kind: a.kind,
        monitoringService: a.monitoringService,
        firedAt: a.firedAt,
        lastFiredAt: now,
        count: 1,
        conditions: a.conditions,
        ...(a.event ? { event: a.event } : {}),
        ...(a.window ? { window: a.window } : {}),
      };
  if (prev && a.conditions.length) entry.conditions = a.conditions;
  return { ...s, alerts: { ...s.alerts, [a.alertId]: stripUndefined(entry) } };
}

/** A Resolved notification; `resolved` is true when it was the thread's last open alert. */
export function withResolved(s: ThreadState, a: Alert, now: number): { state: ThreadState; resolved: boolean } {
  const prev = s.alerts[a.alertId];
  if (!prev) return { state: s, resolved: false };
  const alerts = { ...s.alerts, [a.alertId]: { ...prev, resolvedAt: a.resolvedAt ?? now } };
  const state = { ...s, alerts };
  return { state, resolved: Object.values(alerts).every((x) => x.resolvedAt !== undefined) };
}

/** The most severe (lowest) severity of the thread's alerts. */
export function worstSeverity(s: ThreadState): number {
  return Math.min(4, ...Object.values(s.alerts).map((a) => a.severity));
}

export function firstFiredAt(s: ThreadState): number | undefined {
  const t = Object.values(s.alerts).map((a) => a.firedAt);
  return t.length ? Math.min(...t) : undefined;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
