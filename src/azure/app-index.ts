// The app index: every site (and slots on request) and every plan of the watched subscriptions,
// cached with a TTL and refreshed in the background, so a status or a resolve needs no list call.
// Cached reads are shared by every caller, so they run under the read deadline, not a caller's signal.

import type { AppLookup } from "../core/app-query.ts";
import type { ListAppsOptions, ListedFacts, Resolution } from "../core/fleet.ts";
import { type QueryShape, resolveQuery, shapeOfLookup, suggestApps } from "../core/resolve.ts";
import type { AppRef, PlanInfo } from "../core/snapshot.ts";
import { mapLimit } from "./batch-metrics.ts";
import { TtlCache } from "./cache.ts";
import { collect } from "./call.ts";
import type { AdapterContext } from "./context.ts";
import { listedSiteFacts } from "./fleet-facts.ts";
import { toAppRef, toPlanInfo } from "./mappers.ts";

/** An unknown name triggers a re-list only if the list is at least this old (typos must not hammer ARM). */
const RELIST_MIN_AGE_MS = 30_000;
const SLOT_LIST_CONCURRENCY = 4;

export class AppIndex {
  readonly #ctx: AdapterContext;
  readonly #subscriptions: string[];
  readonly #sites: TtlCache<AppRef[]>;
  readonly #plans: TtlCache<Map<string, PlanInfo>>;
  readonly #slots: TtlCache<AppRef[]>;
  /** What the last site list said about each site (state, partial siteConfig), for fleet-wide views. */
  readonly #listed = new Map<string, Pick<ListedFacts, "site" | "config">>();

  constructor(ctx: AdapterContext, subscriptionIds: string[], ttlMs: number) {
    this.#ctx = ctx;
    this.#subscriptions = subscriptionIds;
    const onErr = (key: string, err: unknown) =>
      ctx.logger?.warn({ key, err: String(err) }, "background refresh failed");
    this.#sites = new TtlCache(ttlMs, ctx.now, onErr);
    this.#plans = new TtlCache(ttlMs, ctx.now, onErr);
    this.#slots = new TtlCache(ttlMs, ctx.now, onErr);
  }

  async listApps(opts: ListAppsOptions = {}): Promise<AppRef[]> {
    const perSub = await Promise.all(
      this.#subscriptions.map((sub) => this.#sites.get(sub, () => this.#listSites(sub), { refresh: opts.refresh })),
    );
    const sites = perSub.flat();
    if (!opts.includeSlots) return sites;
    const slots = await mapLimit(sites, SLOT_LIST_CONCURRENCY, (s) => this.slotsOf(s, { refresh: opts.refresh }));
    return sites.flatMap((s, i) => [s, ...slots[i]]);
  }

  async slotsOf(site: AppRef, opts: { refresh?: boolean } = {}): Promise<AppRef[]> {
    return this.#slots.get(site.id.toLowerCase(), () => this.#listSlots(site), opts);
  }

  /** The plan from the subscription's plan list (cached); undefined when the plan is not listed. */
  async plan(planId: string): Promise<PlanInfo | undefined> {
    const sub = planId.split("/")[2] ?? "";
    const plans = await this.#plans.get(sub.toLowerCase(), () => this.#listPlans(sub));
    return plans.get(planId.toLowerCase());
  }

  async resolve(query: AppLookup, opts: { slot?: string } = {}): Promise<Resolution> {
    const q = shapeOfLookup(query);
    const wantsSlot = opts.slot !== undefined || q.kind === "path" || (q.kind === "id" && q.slot !== undefined);
    const attempt = async (refresh: boolean): Promise<Resolution> => {
      const sites = await this.listApps({ refresh });
      let known = [...sites, ...this.#cachedSlots(sites)];
      let r = resolveQuery(known, query, opts);
      if (r.kind === "unknown" && wantsSlot) {
        // Slots are listed lazily: load them for the sites the query names, then try again.
        const parents = sites.filter((s) => this.#mentions(q, s));
        const slots = await Promise.all(parents.map((p) => this.slotsOf(p, { refresh })));
        known = [...sites, ...slots.flat()];
        r = resolveQuery(known, query, opts);
      }
      return r;
    };
    const first = await attempt(false);
    if (first.kind !== "unknown") return first;
    const oldest = Math.max(...this.#subscriptions.map((s) => this.#sites.age(s) ?? 0));
    return oldest >= RELIST_MIN_AGE_MS ? attempt(true) : first;
  }

  /** The site list's facts about one site (after listApps); undefined when not listed. */
  listed(siteId: string): Pick<ListedFacts, "site" | "config"> | undefined {
    return this.#listed.get(siteId.toLowerCase());
  }

  /** Sites named like `name`, for "not found" messages. */
  suggest(name: string): AppRef[] {
    const sites = this.#subscriptions.flatMap((s) => this.#sites.peek(s) ?? []);
    return suggestApps(
      sites.filter((s) => s.name.toLowerCase() !== name.toLowerCase()),
      name,
    );
  }

  /** Re-reads the site lists in the background (an app went missing). */
  refreshSoon(): void {
    this.listApps({ refresh: true }).catch((err) =>
      this.#ctx.logger?.warn({ err: String(err) }, "app list refresh failed"),
    );
  }

  invalidate(): void {
    this.#sites.delete();
    this.#plans.delete();
    this.#slots.delete();
  }

  /** Drops the cached plan list of the plan's subscription (after a scale). */
  invalidatePlan(planId: string): void {
    this.#plans.delete((planId.split("/")[2] ?? "").toLowerCase());
  }

  #cachedSlots(sites: AppRef[]): AppRef[] {
    return sites.flatMap((s) => this.#slots.peek(s.id.toLowerCase()) ?? []);
  }

  #mentions(q: QueryShape, s: AppRef): boolean {
    const n = s.name.toLowerCase();
    if (q.kind === "id") return q.siteId.toLowerCase() === s.id.toLowerCase();
    if (q.kind === "name") return q.name.toLowerCase() === n;
    return q.first.toLowerCase() === n || q.second.toLowerCase() === n;
  }

  async #listSites(sub: string): Promise<AppRef[]> {
    const sites = await this.#ctx.read(
      {
        call: `webApps.list (subscription ${sub})`,
        action: "Microsoft.Web/sites/read",
        scope: `/subscriptions/${sub}`,
      },
      (s) => collect(this.#ctx.clients.web(sub).webApps.list({ abortSignal: s })),
    );
    for (const site of sites) if (site.id) this.#listed.set(site.id.toLowerCase(), listedSiteFacts(site));
    return sites.map(toAppRef).filter((a): a is AppRef => a !== undefined);
  }

  async #listSlots(site: AppRef): Promise<AppRef[]> {
    const slots = await this.#ctx.read(
      { call: `webApps.listSlots ${site.name}`, action: "Microsoft.Web/sites/slots/read", scope: site.id },
      (s) =>
        collect(
          this.#ctx.clients
            .web(site.subscriptionId)
            .webApps.listSlots(site.resourceGroup, site.name, { abortSignal: s }),
        ),
    );
    return slots.map(toAppRef).filter((a): a is AppRef => a !== undefined);
  }

  async #listPlans(sub: string): Promise<Map<string, PlanInfo>> {
    const plans = await this.#ctx.read(
      {
        call: `appServicePlans.list (subscription ${sub})`,
        action: "Microsoft.Web/serverfarms/read",
        scope: `/subscriptions/${sub}`,
      },
      (s) => collect(this.#ctx.clients.web(sub).appServicePlans.list({ abortSignal: s })),
    );
    return new Map(plans.map((p) => [(p.id ?? "").toLowerCase(), toPlanInfo(p)]));
  }
}
