// Writes to a site: config/web GET/PATCH/PUT, POST restart/stop/start (200, empty body: the SDK accepts only 200).

import { type Ctx, ok, type Reply } from "../http.ts";
import { configWire } from "../wire/site.ts";
import { append, capacityNow, requireBodyObject, siteParam } from "./common.ts";

export function getConfig(ctx: Ctx): Reply {
  const { site, plan } = siteParam(ctx);
  return ok(configWire(site, plan, capacityNow(ctx, site, plan)));
}

function properties(ctx: Ctx): Record<string, unknown> {
  const body = requireBodyObject(ctx);
  const props = body.properties;
  if (!props || typeof props !== "object" || Array.isArray(props)) return {};
  return props as Record<string, unknown>;
}

/** Keys the service computes; a client echoing them back does not change them. */
const READ_ONLY = new Set(["numberOfWorkers", "publishingUsername", "machineKey", "defaultDocuments"]);

function writable(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([k, v]) => !READ_ONLY.has(k) && v !== undefined));
}

/** PATCH merges the given top-level properties (objects such as autoHealRules are replaced whole). */
export function patchConfig(ctx: Ctx): Reply {
  const { site, plan } = siteParam(ctx);
  const patch = writable(properties(ctx));
  site.config = { ...site.config, ...patch };
  append(ctx, site.timeline, { at: ctx.now, type: "config", patch, caller: ctx.caller.name });
  return ok(configWire(site, plan, capacityNow(ctx, site, plan)));
}

/** PUT replaces the site's settings; unspecified ones fall back to the service defaults. */
export function putConfig(ctx: Ctx): Reply {
  const { site, plan } = siteParam(ctx);
  const next = writable(properties(ctx));
  site.config = next;
  append(ctx, site.timeline, { at: ctx.now, type: "config", patch: next, caller: ctx.caller.name });
  return ok(configWire(site, plan, capacityNow(ctx, site, plan)));
}

export function restart(ctx: Ctx): Reply {
  const { site } = siteParam(ctx);
  append(ctx, site.timeline, {
    at: ctx.now,
    type: "restart",
    soft: ctx.query.softRestart?.toLowerCase() === "true",
    caller: ctx.caller.name,
  });
  return { status: 200 };
}

export function stop(ctx: Ctx): Reply {
  const { site } = siteParam(ctx);
  append(ctx, site.timeline, { at: ctx.now, type: "stop", caller: ctx.caller.name });
  site.state = "Stopped";
  return { status: 200 };
}

export function start(ctx: Ctx): Reply {
  const { site } = siteParam(ctx);
  append(ctx, site.timeline, { at: ctx.now, type: "start", caller: ctx.caller.name });
  site.state = "Running";
  return { status: 200 };
}

/** `Microsoft.Web/sites/config` "appsettings": a string dictionary, not flattened by the SDK. */
function appSettingsWire(ctx: Ctx, site: { appSettings: Record<string, string> }): Record<string, unknown> {
  return {
    id: ctx.path.replace(/\/list$/i, ""),
    name: "appsettings",
    type: "Microsoft.Web/sites/config",
    properties: { ...site.appSettings },
  };
}

/** POST …/config/appsettings/list: reading settings is an action (they may hold secrets). */
export function listAppSettings(ctx: Ctx): Reply {
  const { site } = siteParam(ctx);
  return ok(appSettingsWire(ctx, site));
}

/** PUT …/config/appsettings replaces the whole dictionary (callers merge first); the app restarts. */
export function putAppSettings(ctx: Ctx): Reply {
  const { site } = siteParam(ctx);
  const raw = properties(ctx);
  const settings: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) settings[k] = String(v);
  site.appSettings = settings;
  append(ctx, site.timeline, { at: ctx.now, type: "appSettings", settings, caller: ctx.caller.name });
  return ok(appSettingsWire(ctx, site));
}
