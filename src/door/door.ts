// The door: builds the request context once per request and authorises it against the one table
// (permissions.ts), from trusted data only: the policy, the channel's binding and, for Approve and Cancel,
// the stored proposal (policy-authorizer.ts). Nothing past it decides who may do what.
import { randomUUID } from "node:crypto";
import type { Fleet } from "../core/fleet.ts";
import type { Logger } from "../log.ts";
import { callerFor } from "../policy/caller.ts";
import { type Caller, canRead, findBinding, mayRequestInChannel, NO_POLICY_WRITES } from "../policy/evaluate.ts";
import { ACTION_LABELS, type Policy } from "../policy/policy.ts";
import { scopedFleet } from "../policy/scoped-fleet.ts";
import type { UserGroupDirectory } from "../policy/usergroups.ts";
import type { NewAuditEntry } from "../store/store.ts";
import type { Permission } from "./permissions.ts";
import type { RequestContext, RequestSource } from "./request-context.ts";

export type Admission = { allowed: true } | { allowed: false; reason: string; code: RefusalCode };
export type RefusalCode = "no-policy" | "unbound" | "read-off" | "not-requester" | "not-here";

export interface DoorDeps {
  policy: Policy | undefined;
  directory: UserGroupDirectory;
  fleet: Fleet;
  now: () => number;
  log: Logger;
  /** The append-only audit log: a refused change request is recorded like any other refusal. */
  audit?: (entry: NewAuditEntry) => Promise<void>;
}

export interface Knock {
  via: RequestSource;
  user: string;
  channel?: string;
  /** Extra log fields (commandId, app). */
  fields?: Record<string, unknown>;
}

export class Door {
  readonly #d: DoorDeps;

  constructor(deps: DoorDeps) {
    this.#d = deps;
  }

  get policy(): Policy | undefined {
    return this.#d.policy;
  }

  /** The context of one request. App Home (no channel) sees the apps of every binding that names the user. */
  async open(k: Knock): Promise<RequestContext> {
    const { policy, directory } = this.#d;
    const log = this.#d.log.child({ user: k.user, ...(k.channel ? { channel: k.channel } : {}), ...k.fields });
    let caller: Promise<Caller> | undefined;
    const channel = k.channel;
    const fleet =
      channel !== undefined
        ? scopedFleet(this.#d.fleet, policy, channel)
        : k.via === "home"
          ? scopedFleet(this.#d.fleet, policy, await this.#homeChannels(k.user))
          : this.#d.fleet;
    return {
      via: k.via,
      user: k.user,
      channel,
      binding: policy && channel ? findBinding(policy, channel) : undefined,
      policy,
      fleet,
      now: this.#d.now,
      log,
      caller: () => {
        caller ??= callerFor(directory, policy, channel ?? "", k.user).then((r) => r.caller);
        return caller;
      },
    };
  }

  /**
   * May this request go on? `decide` is judged later, against the stored proposal (policy-authorizer.ts).
   * `about`: the app as the user named it, recorded with a refused change request.
   */
  async authorise(ctx: RequestContext, p: Permission, about?: string): Promise<Admission> {
    const a = await this.#decide(ctx, p);
    if (!a.allowed && p.kind === "request" && this.#d.audit) {
      await this.#d
        .audit({
          kind: "refusal",
          correlationId: randomUUID(),
          actor: ctx.user,
          ...(about ? { app: about } : {}),
          detail: { stage: "door", reason: a.reason, actions: [...p.actions], channel: ctx.channel ?? null },
          at: this.#d.now(),
        })
        .catch((err: unknown) => ctx.log.warn({ err }, "audit append failed"));
    }
    return a;
  }

  async #decide(ctx: RequestContext, p: Permission): Promise<Admission> {
    if (p.kind === "open" || p.kind === "decide") return { allowed: true };
    if (ctx.channel === undefined) {
      // The CLI's local operator reads with their own Azure credential; it proposes nothing.
      return ctx.via === "cli" && p.kind === "read"
        ? { allowed: true }
        : { allowed: false, code: "not-here", reason: "This needs a Slack channel bound in the policy." };
    }
    if (p.kind === "read") {
      const r = canRead(ctx.policy, ctx.channel);
      if (r.allowed) return { allowed: true };
      return { allowed: false, code: ctx.binding ? "read-off" : "unbound", reason: r.reason };
    }
    if (!ctx.policy) return { allowed: false, code: "no-policy", reason: NO_POLICY_WRITES };
    if (!ctx.binding) {
      const r = canRead(ctx.policy, ctx.channel);
      return { allowed: false, code: "unbound", reason: r.allowed ? "This channel is not bound." : r.reason };
    }
    const caller = await ctx.caller();
    if (p.actions.some((a) => mayRequestInChannel(ctx.policy, caller, a))) return { allowed: true };
    const labels = p.actions.map((a) => ACTION_LABELS[a]).join(" or ");
    const granted = Object.keys(ctx.binding.actions);
    return {
      allowed: false,
      code: "not-requester",
      reason: granted.length
        ? `${labels} is not something you may request in this channel. Ask someone named as a requester in its binding, or ask the policy's owners to name you.`
        : `This channel's binding grants no changes (${labels} included): it is read-only.`,
    };
  }

  /** Channels whose binding names the user (directly or through a user group) for any action. */
  async #homeChannels(user: string): Promise<string[]> {
    const { policy, directory } = this.#d;
    if (!policy) return [];
    const out: string[] = [];
    for (const b of policy.bindings) {
      const { caller } = await callerFor(directory, policy, b.channel, user);
      const named = Object.values(b.actions).some(
        (r) =>
          r !== undefined && [...r.requesters, ...r.approvers].some((p) => p === user || caller.userGroups.includes(p)),
      );
      if (named) out.push(b.channel);
    }
    return out;
  }
}
