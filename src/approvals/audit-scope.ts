// Which app an audit entry is about, as a key the channel's visible apps can be matched against. Entries of
// an approval carry its stored target; a refusal made before any approval existed records its target in
// its detail. A refusal at the door (before any app was resolved) has only the name as typed: it is shown
// where an app of that name is visible. Any other entry whose target cannot be told is not shown.
import type { Approval, AuditEntry, Json, Store } from "../store/store.ts";

export type AuditTargetKey = string;

/** Site-level: a slot's entries belong to its site. */
export function auditTargetKey(t: { subscriptionId: string; resourceGroup: string; name: string }): AuditTargetKey {
  return `${t.subscriptionId}/${t.resourceGroup}/${t.name}`.toLowerCase();
}

function targetOfDetail(detail: Json): AuditTargetKey | undefined {
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return undefined;
  const t = detail.target;
  if (!t || typeof t !== "object" || Array.isArray(t)) return undefined;
  const { subscriptionId, resourceGroup, app } = t;
  return typeof subscriptionId === "string" && typeof resourceGroup === "string" && typeof app === "string"
    ? auditTargetKey({ subscriptionId, resourceGroup, name: app })
    : undefined;
}

/** Keeps the entries about apps in `visible`, reading each approval's stored target once. */
export async function entriesIn(
  store: Pick<Store, "getApproval">,
  entries: AuditEntry[],
  visible: ReadonlySet<AuditTargetKey>,
): Promise<AuditEntry[]> {
  const names = new Set([...visible].map((k) => k.split("/")[2]));
  const targets = new Map<string, Promise<Approval | undefined>>();
  const keep = await Promise.all(
    entries.map(async (e) => {
      let key = targetOfDetail(e.detail);
      if (!key && e.approvalId) {
        const id = e.approvalId;
        if (!targets.has(id)) targets.set(id, store.getApproval(id));
        const a = await targets.get(id);
        if (a) key = auditTargetKey({ ...a.target, name: a.target.app });
      }
      if (key !== undefined) return visible.has(key);
      return !e.approvalId && e.app !== null && names.has(e.app.toLowerCase());
    }),
  );
  return entries.filter((_, i) => keep[i]);
}
