// ArmWriter: the AzureWriter port on the real SDK. Its clients are its own, built with retries OFF (a
// restart or scale is never repeated by the pipeline), and every call runs under a deadline through the
// same runner as the reads, so failures become DomainErrors with the missing action, scope and role.
import type { TokenCredential } from "@azure/core-auth";
import { DomainError } from "../core/errors.ts";
import type {
  AutoscaleCapacity,
  AzureWriter,
  DumpTarget,
  OperationOutcome,
  OutcomeQuery,
  PlanElasticPatch,
  ScaleSpec,
  SiteConfigPatch,
  SiteTarget,
  WriteOptions,
  WriteResult,
} from "../core/writer.ts";
import { type CallLogger, runCall } from "./call.ts";
import { type AzureClients, createClients } from "./clients.ts";
import type { CallInfo } from "./errors.ts";
import { type DumpSettings, dumpToBlob } from "./memory-dump.ts";
import { outcomeOf } from "./outcome.ts";
import {
  asWriteError,
  autoscaleKey,
  type Capture,
  capture,
  planKey,
  siteAction,
  siteId,
  skuFamily,
} from "./writes-support.ts";

export interface ArmWriterOptions {
  credential: TokenCredential;
  armEndpoint: string;
  /** ARM token audience or scope (default https://management.azure.com/.default). */
  audience?: string;
  /** PEM of an extra CA to trust (the simulator). */
  ca?: string;
  /** Blob container for memory dumps (APPSVC_DUMPS_CONTAINER_URL); unset = dumps refused. */
  dumpsContainerUrl?: string;
  /** A dump sending nothing for this long is abandoned (default 120 s). */
  dumpStallMs?: number;
  /** Deadline of one write (default 60 s). */
  timeoutMs?: number;
  /** Deadline of a long-running plan PUT, polling included (default 10 min). */
  longRunningTimeoutMs?: number;
  /** Poll interval of a long-running PUT when Azure sends no Retry-After (default 5 s). */
  pollIntervalMs?: number;
  logger?: CallLogger;
}

/** The Activity Log read that reconciles an execution whose executor died. */
const OUTCOME_READ_MS = 15_000;

export const WRITE_DEFAULTS = { timeoutMs: 60_000, longRunningTimeoutMs: 10 * 60_000, pollIntervalMs: 5_000 };

export class ArmWriter implements AzureWriter {
  readonly #clients: AzureClients;
  readonly #timeoutMs: number;
  readonly #lroTimeoutMs: number;
  readonly #pollMs: number;
  readonly #logger?: CallLogger;
  readonly #dumps?: DumpSettings;

  constructor(opts: ArmWriterOptions) {
    // Separate from the read clients: maxRetries 0 turns off the SDK's 429/5xx/network retries.
    this.#clients = createClients({
      credential: opts.credential,
      armEndpoint: opts.armEndpoint,
      audience: opts.audience,
      metricsBatchEndpointTemplate: "", // unused: writes go to ARM only
      ca: opts.ca,
      maxRetries: 0,
    });
    this.#timeoutMs = opts.timeoutMs ?? WRITE_DEFAULTS.timeoutMs;
    this.#lroTimeoutMs = opts.longRunningTimeoutMs ?? WRITE_DEFAULTS.longRunningTimeoutMs;
    this.#pollMs = opts.pollIntervalMs ?? WRITE_DEFAULTS.pollIntervalMs;
    this.#logger = opts.logger;
    if (opts.dumpsContainerUrl)
      this.#dumps = {
        clients: this.#clients,
        credential: opts.credential,
        containerUrl: opts.dumpsContainerUrl,
        ...(opts.ca ? { ca: opts.ca } : {}),
        ...(opts.dumpStallMs ? { stallMs: opts.dumpStallMs } : {}),
      };
  }

  memoryDump(
    app: SiteTarget,
    target: DumpTarget,
    opts: WriteOptions & { onProgress?: (bytes: number) => void } = {},
  ): Promise<WriteResult> {
    if (!this.#dumps)
      return Promise.reject(
        new DomainError({
          kind: "invalid",
          userMessage: "No dump container is configured.",
          hint: "Set APPSVC_DUMPS_CONTAINER_URL to a blob container the bot's identity may write to.",
        }),
      );
    return dumpToBlob(this.#dumps, app, target, opts);
  }

  /** Runs one write once; `c` collects the correlation id and status from the response. */
  async #write(
    info: CallInfo,
    c: Capture,
    opts: WriteOptions,
    fn: (signal: AbortSignal) => Promise<unknown>,
    timeoutMs = this.#timeoutMs,
  ): Promise<WriteResult> {
    try {
      await runCall(info, { timeoutMs, signal: opts.signal, logger: this.#logger }, fn);
    } catch (err) {
      throw asWriteError(err);
    }
    const result = c.result();
    this.#logger?.debug({ call: info.call, ...result }, "azure write");
    return result;
  }

  outcomeOf(q: OutcomeQuery, opts: { signal?: AbortSignal } = {}): Promise<OperationOutcome> {
    return outcomeOf(this.#clients, q, { timeoutMs: OUTCOME_READ_MS, ...opts });
  }

  restart(app: SiteTarget, opts: { soft: boolean; slot?: string } & WriteOptions): Promise<WriteResult> {
    const slot = opts.slot ?? app.slot;
    const web = this.#clients.web(app.subscriptionId).webApps;
    const c = capture(opts);
    const params = { softRestart: opts.soft, synchronous: false };
    return this.#write(
      {
        call: `webApps.restart${slot ? "Slot" : ""} ${app.name}${slot ? `/${slot}` : ""}`,
        action: siteAction("restart/action", slot),
        scope: siteId(app, slot),
      },
      c,
      opts,
      (s) =>
        slot
          ? web.restartSlot(app.resourceGroup, app.name, slot, { ...params, ...c.options(s) })
          : web.restart(app.resourceGroup, app.name, { ...params, ...c.options(s) }),
    );
  }

  start(app: SiteTarget, opts: WriteOptions = {}): Promise<WriteResult> {
    return this.#power("start", app, opts);
  }

  stop(app: SiteTarget, opts: WriteOptions = {}): Promise<WriteResult> {
    return this.#power("stop", app, opts);
  }

  #power(verb: "start" | "stop", app: SiteTarget, opts: WriteOptions): Promise<WriteResult> {
    const web = this.#clients.web(app.subscriptionId).webApps;
    const c = capture(opts);
    const slot = app.slot;
    return this.#write(
      {
        call: `webApps.${verb}${slot ? "Slot" : ""} ${app.name}${slot ? `/${slot}` : ""}`,
        action: siteAction(`${verb}/action`, slot),
        scope: siteId(app),
      },
      c,
      opts,
      (s) => {
        if (verb === "start") {
          return slot
            ? web.startSlot(app.resourceGroup, app.name, slot, c.options(s))
            : web.start(app.resourceGroup, app.name, c.options(s));
        }
        return slot
          ? web.stopSlot(app.resourceGroup, app.name, slot, c.options(s))
          : web.stop(app.resourceGroup, app.name, c.options(s));
      },
    );
  }

  rebootWorker(planId: string, worker: string, opts: WriteOptions = {}): Promise<WriteResult> {
    const p = planKey(planId);
    const c = capture(opts);
    return this.#write(
      {
        call: `appServicePlans.rebootWorker ${p.name}/${worker}`,
        action: "Microsoft.Web/serverfarms/workers/reboot/action",
        scope: planId,
      },
      c,
      opts,
      (s) =>
        this.#clients.web(p.subscriptionId).appServicePlans.rebootWorker(p.resourceGroup, p.name, worker, c.options(s)),
    );
  }

  async scalePlan(planId: string, spec: ScaleSpec, opts: WriteOptions = {}): Promise<WriteResult> {
    const p = planKey(planId);
    const plans = this.#clients.web(p.subscriptionId).appServicePlans;
    // The PUT replaces the plan: start from what Azure has now, change only the sku.
    const current = await runCall(
      { call: `appServicePlans.get ${p.name}`, action: "Microsoft.Web/serverfarms/read", scope: planId },
      { timeoutMs: this.#timeoutMs, signal: opts.signal, logger: this.#logger },
      (s) => plans.get(p.resourceGroup, p.name, { abortSignal: s }),
    );
    const was = current.sku ?? {};
    const name = spec.skuName ?? was.name;
    const sku = {
      name,
      tier: spec.skuName ? (spec.skuTier ?? was.tier) : was.tier,
      size: spec.skuName ?? was.size,
      family: spec.skuName ? skuFamily(spec.skuName) : was.family,
      capacity: spec.capacity ?? was.capacity,
    };
    const c = capture(opts);
    return this.#write(
      {
        call: `appServicePlans.createOrUpdate ${p.name} (sku ${sku.name}×${sku.capacity})`,
        action: "Microsoft.Web/serverfarms/write",
        scope: planId,
      },
      c,
      opts,
      (s) =>
        plans.beginCreateOrUpdateAndWait(
          p.resourceGroup,
          p.name,
          { ...current, sku },
          { ...c.options(s), updateIntervalInMs: this.#pollMs },
        ),
      this.#lroTimeoutMs,
    );
  }

  updatePlanElastic(planId: string, patch: PlanElasticPatch, opts: WriteOptions = {}): Promise<WriteResult> {
    const p = planKey(planId);
    const c = capture(opts);
    return this.#write(
      { call: `appServicePlans.update ${p.name}`, action: "Microsoft.Web/serverfarms/write", scope: planId },
      c,
      opts,
      (s) => this.#clients.web(p.subscriptionId).appServicePlans.update(p.resourceGroup, p.name, patch, c.options(s)),
    );
  }

  updateSiteConfig(app: SiteTarget, patch: SiteConfigPatch, opts: WriteOptions = {}): Promise<WriteResult> {
    const web = this.#clients.web(app.subscriptionId).webApps;
    const c = capture(opts);
    const slot = app.slot;
    return this.#write(
      {
        call: `webApps.updateConfiguration${slot ? "Slot" : ""} ${app.name}`,
        action: siteAction("config/write", slot),
        scope: siteId(app),
      },
      c,
      opts,
      (s) =>
        slot
          ? web.updateConfigurationSlot(app.resourceGroup, app.name, slot, patch, c.options(s))
          : web.updateConfiguration(app.resourceGroup, app.name, patch, c.options(s)),
    );
  }

  async updateAppSettings(
    app: SiteTarget,
    settings: Record<string, string>,
    opts: WriteOptions = {},
  ): Promise<WriteResult> {
    const web = this.#clients.web(app.subscriptionId).webApps;
    const slot = app.slot;
    // Reading settings is an action of its own (they hold secrets): Reader is not enough.
    const current = await runCall(
      {
        call: `webApps.listApplicationSettings ${app.name}`,
        action: siteAction("config/list/action", slot),
        scope: siteId(app),
      },
      { timeoutMs: this.#timeoutMs, signal: opts.signal, logger: this.#logger },
      (s) =>
        slot
          ? web.listApplicationSettingsSlot(app.resourceGroup, app.name, slot, { abortSignal: s })
          : web.listApplicationSettings(app.resourceGroup, app.name, { abortSignal: s }),
    ).catch((err: unknown) => {
      throw asWriteError(err);
    });
    const merged = { properties: { ...(current.properties ?? {}), ...settings } };
    const c = capture(opts);
    return this.#write(
      {
        call: `webApps.updateApplicationSettings ${app.name}`,
        action: siteAction("config/write", slot),
        scope: siteId(app),
      },
      c,
      opts,
      (s) =>
        slot
          ? web.updateApplicationSettingsSlot(app.resourceGroup, app.name, slot, merged, c.options(s))
          : web.updateApplicationSettings(app.resourceGroup, app.name, merged, c.options(s)),
    );
  }

  /**
   * GET the setting, then PATCH its profile list with the one profile's capacity changed: ARM replaces an array
   * whole, so every other profile (schedules, rules) goes back as Azure had it a moment before.
   */
  async updateAutoscaleProfile(
    settingId: string,
    capacity: AutoscaleCapacity,
    opts: WriteOptions = {},
  ): Promise<WriteResult> {
    const k = autoscaleKey(settingId);
    const settings = this.#clients.monitor(k.subscriptionId).autoscaleSettings;
    const current = await runCall(
      {
        call: `autoscaleSettings.get ${k.name}`,
        action: "Microsoft.Insights/autoscalesettings/read",
        scope: settingId,
      },
      { timeoutMs: this.#timeoutMs, signal: opts.signal, logger: this.#logger },
      (s) => settings.get(k.resourceGroup, k.name, { abortSignal: s }),
    );
    const profiles = current.profiles ?? [];
    const i = profiles.findIndex((p) => p.name.toLowerCase() === capacity.profileName.toLowerCase());
    if (i < 0) {
      throw new DomainError({
        kind: "invalid",
        call: `autoscaleSettings.update ${k.name}`,
        userMessage: `Autoscale setting ${k.name} has no profile “${capacity.profileName}” any more (it has ${profiles.map((p) => `“${p.name}”`).join(", ") || "none"}).`,
        hint: "Nothing was changed. Run /appsvc status to see the setting as it is now, then propose again.",
      });
    }
    const next = profiles.map((p, j) =>
      j === i
        ? {
            ...p,
            capacity: {
              minimum: String(capacity.minimum),
              maximum: String(capacity.maximum),
              default: String(capacity.default),
            },
          }
        : p,
    );
    const c = capture(opts);
    return this.#write(
      {
        call: `autoscaleSettings.update ${k.name} (“${capacity.profileName}” ${capacity.minimum}..${capacity.maximum})`,
        action: "Microsoft.Insights/autoscalesettings/write",
        scope: settingId,
      },
      c,
      opts,
      (s) => settings.update(k.resourceGroup, k.name, { profiles: next }, c.options(s)),
    );
  }
}
