// `<app>` forms: a name, rg/name (rg/name/slot), an ARM resource ID (…/sites/{name}[/slots/{slot}]), and what
// Slack makes of pasted links: portal URLs (the resource ID is lifted out) and *.azurewebsites.net host names.
import { appQueryText } from "../core/app-query.ts";
import { echo } from "./echo.ts";
import type { AppQuery } from "./intent.ts";
import type { Value } from "./values.ts";

/** Azure site names: letters, digits, hyphens, at most 60. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,59}$/;
/** Resource groups: letters, digits, `._()-`, at most 90, not ending with a period. */
const GROUP = /^[\p{L}\p{N}._()-]{0,89}[\p{L}\p{N}_()-]$/u;
const SLOT = /^[A-Za-z0-9][A-Za-z0-9-]{0,58}$/;
const SUBSCRIPTION = /^[A-Za-z0-9-]{1,64}$/;
/** Default host names in the public, US Gov and China clouds; `.scm.` is the Kudu site of the same app. */
const HOST = /^([a-z0-9][a-z0-9-]{0,59})(?:\.scm)?\.(?:azurewebsites\.net|azurewebsites\.us|chinacloudsites\.cn)\.?$/i;

const FORMS = "a name (shop-api), rg/name or a resource ID";

export const isResourceGroupName = (s: string): boolean => GROUP.test(s);
export const isSubscriptionId = (s: string): boolean => SUBSCRIPTION.test(s);

const bad = (problem: string): Value<AppQuery> => ({ ok: false, problem });

export function parseAppQuery(text: string): Value<AppQuery> {
  let t = text.trim();
  if (/^<[@#!]/.test(t)) return bad(`${echo(t)} is a Slack mention, not an app: use ${FORMS}.`);
  if (t.startsWith("<") && t.endsWith(">")) t = t.slice(1, -1);
  if (/^https?:\/\//i.test(t)) return fromUrl(t);
  const host = HOST.exec(t);
  if (host) return ok({ kind: "name", name: host[1] });
  const parts = t.split("/");
  // rg/name/slot has at most three parts, so "subscriptions/…" with more is an ID missing its leading slash.
  if (/^\/subscriptions\//i.test(t) || (/^subscriptions\//i.test(t) && parts.length > 3)) {
    return fromResourceId(t, false);
  }
  if (parts.length > 3 || parts.some((p) => p === "")) return bad(`${echo(t)} is not an app: use ${FORMS}.`);
  const [a, b, c] = parts;
  if (parts.length === 1) return NAME.test(a) ? ok({ kind: "name", name: a }) : notName(a);
  if (!GROUP.test(a)) return bad(`${echo(a)} is not a resource group name.`);
  if (!NAME.test(b)) return notName(b);
  if (c !== undefined && !SLOT.test(c)) return bad(`${echo(c)} is not a slot name.`);
  return ok(
    c === undefined
      ? { kind: "rgName", resourceGroup: a, name: b }
      : { kind: "rgName", resourceGroup: a, name: b, slot: c },
  );
}

function ok(q: AppQuery): Value<AppQuery> {
  return { ok: true, value: q };
}

function notName(t: string): Value<AppQuery> {
  return bad(`${echo(t)} is not an app name (letters, digits and hyphens): use ${FORMS}.`);
}

/** Portal links carry the resource ID in their path or fragment; default host names carry the app name. */
function fromUrl(url: string): Value<AppQuery> {
  const at = url.search(/\/subscriptions\//i);
  if (at >= 0) return fromResourceId(url.slice(at).replace(/[?#].*$/, ""), true);
  const host = /^https?:\/\/([^/?#:]+)/i.exec(url)?.[1] ?? "";
  const m = HOST.exec(host);
  return m ? ok({ kind: "name", name: m[1] }) : bad(`The link ${echo(url)} does not name an App Service app.`);
}

/**
 * `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Web/sites/{name}[/slots/{slot}]`. Keywords are
 * case-insensitive; names keep their casing. From a link, trailing portal segments ("/overview") are dropped.
 */
function fromResourceId(path: string, fromLink: boolean): Value<AppQuery> {
  const s = path.split("/").filter((p) => p !== "");
  const kw = (i: number, word: string) => s[i]?.toLowerCase() === word;
  const isSite = kw(0, "subscriptions") && kw(2, "resourcegroups") && kw(4, "providers");
  if (!isSite || !kw(5, "microsoft.web") || !kw(6, "sites") || s.length < 8) {
    return bad(
      `That resource ID is not an App Service app: expected /subscriptions/…/resourceGroups/…/providers/Microsoft.Web/sites/name.`,
    );
  }
  const hasSlot = kw(8, "slots") && s.length >= 10;
  const used = hasSlot ? 10 : 8;
  if (s.length > used && !fromLink) {
    return bad(
      `That resource ID goes past the app (${echo(s.slice(used).join("/"))}): end it at /sites/name or /slots/slot.`,
    );
  }
  const [, subscriptionId, , resourceGroup, , , , name] = s;
  const slot = hasSlot ? s[9] : undefined;
  if (!SUBSCRIPTION.test(subscriptionId)) return bad(`${echo(subscriptionId)} is not a subscription ID.`);
  if (!GROUP.test(resourceGroup)) return bad(`${echo(resourceGroup)} is not a resource group name.`);
  if (!NAME.test(name)) return notName(name);
  if (slot !== undefined && !SLOT.test(slot)) return bad(`${echo(slot)} is not a slot name.`);
  const id = `/${s.slice(0, used).join("/")}`;
  const q: AppQuery = { kind: "resourceId", id, subscriptionId, resourceGroup, name };
  return ok(slot === undefined ? q : { ...q, slot });
}

export { appQueryText };

/** Applies `--slot`; a slot already named by the query must agree with it. */
export function withSlot(q: AppQuery, slot: string | undefined): Value<AppQuery> {
  if (slot === undefined) return ok(q);
  if (q.slot !== undefined && q.slot.toLowerCase() !== slot.toLowerCase()) {
    return bad(`The app names slot ${echo(q.slot)} but --slot says ${echo(slot)}: give one.`);
  }
  return ok({ ...q, slot });
}
