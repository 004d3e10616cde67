// The YAML policy file's shape as a zod schema. Every object is strict: a typo must never silently widen
// or narrow anybody's rights. Messages name the bad value and what to write instead; load.ts adds the path.
// Cross-references (role names, duplicate channels) are checked in compile.ts.
import { z } from "zod";
import { ACTIONS, CHANNEL_ID, GROUP_ID, MAX_PROPOSAL_TTL_MINUTES, ROLE_NAME, USER_ID } from "./policy.ts";

/** A value as the user wrote it, short enough for one line. */
export function show(v: unknown): string {
  const s = v === undefined ? "nothing" : typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Azure resource group names: letters, digits, `-_.()`, 1–90 characters. */
const RG = /^[\p{L}\p{N}_.()-]{1,90}$/u;
/** App Service site and slot names. */
const SITE = /^[A-Za-z0-9][A-Za-z0-9-]{0,59}$/;
const APP_ID =
  /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Web\/sites\/[^/]+(\/slots\/[^/]+)?$/i;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const FIND_USER_ID = 'find a person\'s ID in their Slack profile → ⋮ → "Copy member ID"';

/** "u0lead2": a Slack ID typed in lower case (it has a digit, so it is unlikely to be a role name). */
export const looksLikeLowerCaseId = (v: string): boolean => /^[uws][a-z0-9]*\d[a-z0-9]*$/.test(v) && v.length >= 3;
export const upperCaseHint = (v: string): string =>
  `${show(v)}: Slack IDs are upper case; write ${show(v.toUpperCase())}`;

export function principalProblem(v: string): string | undefined {
  if (USER_ID.test(v) || GROUP_ID.test(v)) return undefined;
  if (ROLE_NAME.test(v)) return undefined; // a role reference; compile.ts checks that it is defined
  return `${show(v)} is not a Slack user ID (U…/W…), user group ID (S…) or role name from roles: — ${FIND_USER_ID}`;
}

const text = (what: string) =>
  z.string({
    error: (i) => (i.input === undefined ? `${what} is required` : `${what} must be text, not ${show(i.input)}`),
  });

const principalRef = text("a requester or approver").superRefine((v, ctx) => {
  const p = principalProblem(v);
  if (p) ctx.addIssue({ code: "custom", message: p });
});

/** One reference or a list of them: `approve: leads` or `approve: [leads, U0HEADOPS]`. */
const refs = z.preprocess(
  (v) => (typeof v === "string" ? [v] : v),
  z.array(principalRef, {
    error: (i) => `expected a role name, a Slack ID or a list of them, not ${show(i.input)}`,
  }),
);

const roleMember = text("a role member").superRefine((v, ctx) => {
  if (USER_ID.test(v) || GROUP_ID.test(v)) return;
  if (looksLikeLowerCaseId(v)) ctx.addIssue({ code: "custom", message: upperCaseHint(v) });
  else if (ROLE_NAME.test(v))
    ctx.addIssue({ code: "custom", message: `${show(v)}: roles list Slack IDs only (no nested roles)` });
  else ctx.addIssue({ code: "custom", message: principalProblem(v) ?? `${show(v)} is not a Slack ID` });
});

const roles = z.record(
  text("a role name").regex(ROLE_NAME, {
    error: (i) =>
      `role name ${show(i.input)} must be lower case letters, digits, - or _ (so it cannot be mistaken for a Slack ID)`,
  }),
  z.preprocess(
    (v) => (typeof v === "string" ? [v] : v),
    z.array(roleMember, { error: "a role is a list of Slack IDs" }),
  ),
  { error: "roles must be a map of role name → list of Slack IDs, e.g. oncall: [S0ONCALL]" },
);

const minutes = z
  .number({
    error: (i) =>
      typeof i.input === "string"
        ? `write a whole number of minutes, e.g. 15 (not ${show(i.input)})`
        : `expected a whole number of minutes, not ${show(i.input)}`,
  })
  .int({ error: (i) => `${show(i.input)} is not a whole number of minutes` })
  .min(1, { error: (i) => `${show(i.input)} is too short: proposals live 1 to ${MAX_PROPOSAL_TTL_MINUTES} minutes` })
  .max(MAX_PROPOSAL_TTL_MINUTES, {
    error: (i) => `${show(i.input)} is too long: proposals live 1 to ${MAX_PROPOSAL_TTL_MINUTES} minutes (24 h)`,
  });

const flag = (what: string) => z.boolean({ error: (i) => `${what} is true or false, not ${show(i.input)}` });

/** IANA names only; offsets such as "+01:00" are refused because they ignore daylight saving time. */
export function canonicalTimeZone(tz: string): string | undefined {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const timeZone = text("timeZone").refine((v) => canonicalTimeZone(v) !== undefined, {
  error: (i) => `${show(i.input)} is not an IANA time zone; write one such as "Europe/Berlin" or "America/New_York"`,
});

const scope = z
  .strictObject(
    {
      subscriptions: z
        .array(text("a subscription").regex(GUID, { error: (i) => `${show(i.input)} is not a subscription GUID` }))
        .optional(),
      resourceGroups: z
        .array(
          text("a resource group").refine(
            (v) => {
              const [a, b, ...rest] = v.split("/");
              return rest.length === 0 && (b === undefined ? RG.test(a) : GUID.test(a) && RG.test(b));
            },
            {
              error: (i) =>
                `${show(i.input)} is not a resource group: write "rg-name" or "{subscription GUID}/rg-name"`,
            },
          ),
        )
        .optional(),
      apps: z
        .array(
          text("an app").refine((v) => APP_ID.test(v) || isRgNameForm(v), {
            error: (i) =>
              `${show(i.input)} is not an app: write its name, "rg/name", "rg/name/slot" or its resource ID (/subscriptions/…/providers/Microsoft.Web/sites/name)`,
          }),
        )
        .optional(),
      tags: z
        .record(
          text("a tag name"),
          z.string({ error: (i) => `tag values are text: quote it, e.g. "${String(i.input)}"` }),
        )
        .optional(),
    },
    {
      error: (i) =>
        i.input === undefined
          ? "scope is required: the subscriptions, resourceGroups, apps or tags this channel may see"
          : `scope must be a map with subscriptions, resourceGroups, apps and/or tags, not ${show(i.input)}`,
    },
  )
  .refine(
    (s) =>
      !!(s.subscriptions?.length || s.resourceGroups?.length || s.apps?.length || Object.keys(s.tags ?? {}).length),
    {
      error: "scope is empty: list the subscriptions, resourceGroups, apps or tags this channel may see",
    },
  );

function isRgNameForm(v: string): boolean {
  const parts = v.split("/");
  if (parts.length === 1) return SITE.test(parts[0]);
  if (parts.length === 2 || parts.length === 3) return RG.test(parts[0]) && parts.slice(1).every((p) => SITE.test(p));
  return false;
}

const actionRule = z.strictObject(
  { request: refs.optional(), approve: refs.optional() },
  { error: (i) => `expected { request: <role>, approve: <role> }, not ${show(i.input)}` },
);

const actionShape = Object.fromEntries(ACTIONS.map((a) => [a, actionRule.optional()])) as Record<
  (typeof ACTIONS)[number],
  z.ZodOptional<typeof actionRule>
>;

/** A map action → rule, or the shorthand list `[restart, start]` (every entry uses the binding's request/approve). */
const actions = z.preprocess(
  (v) => (Array.isArray(v) && v.every((x) => typeof x === "string") ? Object.fromEntries(v.map((x) => [x, {}])) : v),
  z.strictObject(actionShape, {
    error: (i) => `actions must be a list of action names or a map action → { request, approve }, not ${show(i.input)}`,
  }),
);

const limits = z.strictObject(
  {
    maxInstances: z
      .number({ error: (i) => `maxInstances must be a whole number of instances, e.g. 10 (not ${show(i.input)})` })
      .int({ error: (i) => `${show(i.input)} is not a whole number of instances` })
      .min(1, { error: (i) => `maxInstances ${show(i.input)} is below 1` })
      .max(1000, { error: (i) => `maxInstances ${show(i.input)} is above 1000` })
      .optional(),
    skus: z
      .array(
        text("SKU").regex(/^[A-Za-z0-9_-]{1,20}$/, { error: (i) => `${show(i.input)} is not a SKU name such as P1v3` }),
        {
          error: (i) => `skus must be a list of SKU names such as [P1v3, P2v3], not ${show(i.input)}`,
        },
      )
      .min(1, { error: "skus is empty: list the SKUs a scale up may choose, or leave skus out" })
      .optional(),
  },
  { error: (i) => `limits must be a map such as { maxInstances: 10, skus: [P1v3, P2v3] }, not ${show(i.input)}` },
);

export const SEVERITIES = ["Sev0", "Sev1", "Sev2", "Sev3", "Sev4"] as const;

const alertsObject = z.strictObject(
  {
    minSeverity: z.enum(SEVERITIES, {
      error: (i) => `${show(i.input)} is not a severity: write Sev0 (critical) to Sev4 (verbose)`,
    }),
  },
  { error: (i) => `alerts is true, false or { minSeverity: Sev2 }, not ${show(i.input)}` },
);

/**
 * `alerts: true` (every severity) or `alerts: { minSeverity: Sev2 }` (Sev0 is the most severe). Checked by
 * hand rather than as a union, so a bad severity or key is reported as itself, not as "not one of two shapes".
 */
const alerts = z.unknown().transform((v, ctx): boolean | z.infer<typeof alertsObject> => {
  if (typeof v === "boolean") return v;
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    ctx.addIssue({ code: "custom", message: `alerts is true, false or { minSeverity: Sev2 }, not ${show(v)}` });
    return z.NEVER;
  }
  const r = alertsObject.safeParse(v);
  if (r.success) return r.data;
  for (const i of r.error.issues) ctx.addIssue({ ...i, path: i.path } as z.core.$ZodRawIssue);
  return z.NEVER;
});

const binding = z.strictObject(
  {
    channel: text("channel").regex(CHANNEL_ID, {
      error: (i) =>
        `${show(i.input)} is not a channel ID (C… or G…): open the channel's details (click its name) and copy the Channel ID at the bottom`,
    }),
    name: text("name").optional(),
    scope,
    read: flag("read").optional(),
    request: refs.optional(),
    approve: refs.optional(),
    actions: actions.optional(),
    twoPersonRule: flag("twoPersonRule").optional(),
    proposalTtlMinutes: minutes.optional(),
    timeZone: timeZone.optional(),
    digest: z
      .strictObject(
        {
          time: text("digest time")
            .regex(HHMM, { error: (i) => `${show(i.input)} is not a time: write "HH:MM" (24 h), e.g. "09:00"` })
            .optional(),
          days: z
            .enum(["weekdays", "daily"], { error: (i) => `${show(i.input)}: digest days are weekdays or daily` })
            .optional(),
        },
        { error: 'digest must be a map such as { time: "09:00", days: weekdays }' },
      )
      .optional(),
    limits: limits.optional(),
    alerts: alerts.optional(),
  },
  { error: (i) => `a binding must be a map with channel, scope and actions, not ${show(i.input)}` },
);

export const policySchema = z.strictObject(
  {
    roles: roles.optional(),
    defaults: z
      .strictObject(
        { proposalTtlMinutes: minutes.optional(), twoPersonRule: flag("twoPersonRule").optional() },
        { error: "defaults must be a map with proposalTtlMinutes and/or twoPersonRule" },
      )
      .optional(),
    bindings: z
      .array(binding, {
        error: (i) =>
          i.input === undefined
            ? "bindings is required: list the channels the bot serves (- channel: C…); see policy.example.yml"
            : "bindings must be a list of channel bindings (- channel: C…)",
      })
      .min(1, { error: "bindings is empty: bind at least one channel, or unset APPSVC_CONFIG for a read-only bot" }),
  },
  {
    error: (i) =>
      `a policy must be a map with roles, defaults and bindings (see policy.example.yml), not ${show(i.input)}`,
  },
);

export type RawPolicy = z.infer<typeof policySchema>;
export type RawBinding = RawPolicy["bindings"][number];

/** The keys each kind of map accepts, for "did you mean" on an unknown key. */
export function knownKeysAt(path: readonly (string | number)[]): readonly string[] {
  const p = path.map((s) => (typeof s === "number" ? "#" : s)).join(".");
  if (p === "") return Object.keys(policySchema.shape);
  if (p === "defaults") return ["proposalTtlMinutes", "twoPersonRule"];
  if (p === "bindings.#") return Object.keys(binding.shape);
  if (p === "bindings.#.scope") return ["subscriptions", "resourceGroups", "apps", "tags"];
  if (p === "bindings.#.actions") return ACTIONS;
  if (/^bindings\.#\.actions\.[^.]+$/.test(p)) return ["request", "approve"];
  if (p === "bindings.#.digest") return ["time", "days"];
  if (p === "bindings.#.limits") return ["maxInstances", "skus"];
  if (p === "bindings.#.alerts") return ["minSeverity"];
  return [];
}
