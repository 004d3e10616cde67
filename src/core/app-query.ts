// Which app a person named, parsed once (by the command grammar, src/command/app-query.ts) and resolved as it
// is (src/core/resolve.ts): never turned back into text to be parsed again.

/**
 * Which app the user named. `slot` comes from `--slot`, from a `…/slots/{slot}` resource ID, or from a third
 * `rg/name/slot` part. Names keep the user's casing: Azure compares them case-insensitively.
 */
export type AppQuery =
  | { kind: "name"; name: string; slot?: string }
  | { kind: "rgName"; resourceGroup: string; name: string; slot?: string }
  | {
      kind: "resourceId";
      /** `/subscriptions/…/sites/{name}[/slots/{slot}]`, leading slash, no trailing slash. */
      id: string;
      subscriptionId: string;
      resourceGroup: string;
      name: string;
      slot?: string;
    };

/**
 * The query as a person reads it ("shop-api", "rg-shop/shop-api", a resource ID), for messages; the slot is
 * shown apart.
 */
export function appQueryText(q: AppQuery): string {
  if (q.kind === "resourceId") return q.id;
  return q.kind === "rgName" ? `${q.resourceGroup}/${q.name}` : q.name;
}

/** What a resolver is given: the parsed query, or text from elsewhere (a resource ID in an alert, the CLI). */
export type AppLookup = AppQuery | string;

export const lookupText = (q: AppLookup): string => (typeof q === "string" ? q.trim() : appQueryText(q));
