// Slack user group membership for the policy. The port is one call (the Slack adapter implements it with
// usergroups.users.list); the caching wrapper keeps members for 5 minutes, shares concurrent lookups, and
// when Slack fails serves the last members it had (saying so) rather than locking on-call out mid-incident.
// With nothing cached a failed lookup denies, with the reason.
import { isGroupId, type Principal } from "./policy.ts";

export interface UserGroupDirectory {
  /** User IDs in the group. Rejects when the group cannot be read. */
  members(groupId: string): Promise<string[]>;
}

export type GroupLookup =
  | {
      ok: true;
      members: readonly string[];
      /** Set when Slack failed and these are the last members read, `ageMs` old. */
      stale?: { error: string; ageMs: number };
    }
  | { ok: false; error: string };

export interface CachingOptions {
  /** How long members are trusted (default 5 min). */
  ttlMs?: number;
  /** After a failure with a stale value, how long to serve it before asking Slack again (default 30 s). */
  retryAfterErrorMs?: number;
  /** Epoch ms; injected by tests. */
  now?: () => number;
}

export const GROUP_CACHE_TTL_MS = 5 * 60_000;

interface Entry {
  members: readonly string[];
  at: number;
  failure?: { error: string; at: number };
}

/** One line, no stack: Slack's error text may end up in a channel. */
export function errorText(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  const line = m.split("\n")[0].trim() || "unknown error";
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}

export class CachingUserGroups implements UserGroupDirectory {
  readonly #inner: UserGroupDirectory;
  readonly #ttlMs: number;
  readonly #retryMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<GroupLookup>>();

  constructor(inner: UserGroupDirectory, opts: CachingOptions = {}) {
    this.#inner = inner;
    this.#ttlMs = opts.ttlMs ?? GROUP_CACHE_TTL_MS;
    this.#retryMs = opts.retryAfterErrorMs ?? 30_000;
    this.#now = opts.now ?? Date.now;
  }

  /** Members of `groupId`, from the cache while fresh; never rejects. */
  lookup(groupId: string): Promise<GroupLookup> {
    const now = this.#now();
    const hit = this.#cache.get(groupId);
    if (hit && now - hit.at < this.#ttlMs) return Promise.resolve({ ok: true, members: hit.members });
    if (hit?.failure && now - hit.failure.at < this.#retryMs)
      return Promise.resolve({
        ok: true,
        members: hit.members,
        stale: { error: hit.failure.error, ageMs: now - hit.at },
      });
    const pending = this.#pending.get(groupId);
    if (pending) return pending;
    const p = this.#fetch(groupId).finally(() => this.#pending.delete(groupId));
    this.#pending.set(groupId, p);
    return p;
  }

  async #fetch(groupId: string): Promise<GroupLookup> {
    try {
      const members = [...(await this.#inner.members(groupId))];
      this.#cache.set(groupId, { members, at: this.#now() });
      return { ok: true, members };
    } catch (err) {
      const error = errorText(err);
      const now = this.#now();
      const old = this.#cache.get(groupId);
      if (!old) return { ok: false, error };
      old.failure = { error, at: now };
      return { ok: true, members: old.members, stale: { error, ageMs: now - old.at } };
    }
  }

  async members(groupId: string): Promise<string[]> {
    const r = await this.lookup(groupId);
    if (!r.ok) throw new Error(`could not read user group ${groupId} from Slack: ${r.error}`);
    return [...r.members];
  }

  /** Forget one group (or all), e.g. on a `subteam_members_changed` event. */
  invalidate(groupId?: string): void {
    if (groupId === undefined) this.#cache.clear();
    else this.#cache.delete(groupId);
  }
}

async function lookupVia(directory: UserGroupDirectory, groupId: string): Promise<GroupLookup> {
  if (directory instanceof CachingUserGroups) return directory.lookup(groupId);
  try {
    return { ok: true, members: await directory.members(groupId) };
  } catch (err) {
    return { ok: false, error: errorText(err) };
  }
}

export interface Membership {
  member: boolean;
  /** The principal that matched: the user's own ID or a group ID. */
  via?: Principal;
  /** Groups read from a stale cache, said plainly (for the log or a context line). */
  notes: string[];
  /** Groups that could not be read at all: group ID → error. */
  errors: Record<string, string>;
  /** Why the user is not a member when a group could not be read. */
  reason?: string;
}

const staleNote = (g: string, s: { error: string; ageMs: number }) =>
  `using members of user group ${g} cached ${Math.round(s.ageMs / 60_000)} min ago: Slack said ${s.error}`;

/** Is `user` one of `principals`, directly or as a member of one of its user groups? */
export async function resolveGroups(
  directory: UserGroupDirectory,
  principals: readonly Principal[],
  user: string,
): Promise<Membership> {
  if (principals.includes(user)) return { member: true, via: user, notes: [], errors: {} };
  const groups = principals.filter(isGroupId);
  const results = await Promise.all(groups.map((g) => lookupVia(directory, g)));
  const notes: string[] = [];
  const errors: Record<string, string> = {};
  let via: string | undefined;
  results.forEach((r, i) => {
    const g = groups[i];
    if (!r.ok) errors[g] = r.error;
    else {
      if (r.stale) notes.push(staleNote(g, r.stale));
      if (via === undefined && r.members.includes(user)) via = g;
    }
  });
  if (via) return { member: true, via, notes, errors };
  const failed = Object.entries(errors);
  return {
    member: false,
    notes,
    errors,
    ...(failed.length
      ? { reason: failed.map(([g, e]) => `could not read user group ${g} from Slack: ${e}`).join("; ") }
      : {}),
  };
}

/** The groups among `groupIds` that `user` belongs to, for `Caller.userGroups`. */
export async function groupsOf(
  directory: UserGroupDirectory,
  groupIds: readonly string[],
  user: string,
): Promise<{ groups: string[]; errors: Record<string, string>; notes: string[] }> {
  const ids = [...new Set(groupIds.filter(isGroupId))];
  const results = await Promise.all(ids.map((g) => lookupVia(directory, g)));
  const groups: string[] = [];
  const errors: Record<string, string> = {};
  const notes: string[] = [];
  results.forEach((r, i) => {
    if (!r.ok) errors[ids[i]] = r.error;
    else {
      if (r.stale) notes.push(staleNote(ids[i], r.stale));
      if (r.members.includes(user)) groups.push(ids[i]);
    }
  });
  return { groups, errors, notes };
}
