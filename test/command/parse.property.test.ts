import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FLAGS, VERBS } from "../../src/command/grammar.ts";
import type { ParseResult } from "../../src/command/intent.ts";
import { parseCommand } from "../../src/command/parse.ts";
import { durationMs } from "../../src/command/values.ts";

/** Words the grammar knows, plus the things Slack and people put in command text. */
const WORDS = [
  ...VERBS.flatMap((v) => [v.verb, ...v.aliases]),
  ...Object.values(FLAGS).flatMap((f) => [f.long, f.short ?? f.long, `${f.long}=`]),
  "out",
  "up",
  "enable",
  "show",
  "disable",
  "mem",
  "slow-path",
  "subscribe",
  "now",
  "list",
  "6h",
  "0",
  "31",
  "P1mv3",
  "/healthz",
  "09:00",
  "Europe/Berlin",
  "rg:x",
  "tag:a=b",
  "<!channel>",
  "<!here>",
  "<@U123>",
  "<#C1|ops>",
  "<https://evil.example|prod>",
  "&amp;",
  "&lt;!channel&gt;",
  "`",
  "```",
  '"',
  "'",
  "“",
  "”",
  "—",
  "--",
  "\u00A0",
  "\u200B",
  "\u0000",
  "\n",
  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a/slots/b",
];

const chaos = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc
    .array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ unit: "grapheme", maxLength: 12 })), { maxLength: 14 })
    .chain((parts) => fc.constantFrom(parts.join(" "), parts.join(""), parts.join("\u00A0"))),
);

/** The contract of every error: bounded, with usage, nothing of the user's text that Slack would parse. */
function checkError(r: ParseResult): void {
  if (r.ok) return;
  const { message, usage, suggestions } = r.error;
  expect(message.length).toBeGreaterThan(0);
  expect(message.length).toBeLessThanOrEqual(500);
  expect(message).not.toMatch(/[<>]/);
  expect(message).not.toMatch(/&(?!amp;|lt;|gt;)/);
  expect(message).not.toContain("internal error");
  expect(usage.length).toBeGreaterThan(0);
  if (suggestions !== undefined) {
    expect(suggestions.length).toBeGreaterThan(0);
    for (const s of suggestions) expect(s).not.toMatch(/[<>&]/);
  }
}

describe("parseCommand never throws", () => {
  it("for arbitrary unicode and grammar-shaped noise", () => {
    fc.assert(
      fc.property(chaos, (text) => {
        const r = parseCommand(text);
        expect(typeof r.ok).toBe("boolean");
        checkError(r);
      }),
      { numRuns: 600 },
    );
  });

  it("after a valid verb and app, whatever follows", () => {
    fc.assert(
      fc.property(fc.constantFrom(...VERBS.map((v) => v.verb)), chaos, (verb, rest) => {
        checkError(parseCommand(`${verb} shop-api ${rest}`));
      }),
      { numRuns: 400 },
    );
  });

  it("for text over 4 000 characters: a clear too-long error", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 8 }), fc.integer({ min: 4001, max: 9000 }), (unit, n) => {
        const text = unit.repeat(Math.ceil(n / unit.length));
        const r = parseCommand(text);
        expect(r.ok).toBe(false);
        if (!r.ok)
          expect(r.error.message).toBe(`That command is too long (${text.length} characters; the limit is 4000).`);
      }),
      { numRuns: 30 },
    );
  });

  it("for values that are not strings at run time", () => {
    for (const v of [undefined, null, 42, {}]) {
      expect(parseCommand(v as unknown as string)).toEqual({ ok: true, intent: { verb: "help" } });
    }
  });
});

const appName = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
const slotName = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const rgName = fc.stringMatching(/^[A-Za-z0-9_()-]{1,20}$/);
const sep = fc.constantFrom(" ", "  ", "\u00A0", " \u200B");
const window = fc
  .tuple(fc.integer({ min: 5, max: 30 * 24 * 60 }), fc.constantFrom("m", "h", "d"))
  .map(([n, unit]) =>
    unit === "m"
      ? `${n}m`
      : unit === "h"
        ? `${Math.max(1, Math.floor(n / 60))}h`
        : `${Math.max(1, Math.floor(n / 1440))}d`,
  );
const appForm = fc.oneof(
  appName.map((name) => ({ text: name, want: { kind: "name", name } })),
  fc
    .tuple(rgName, appName)
    .map(([rg, name]) => ({ text: `${rg}/${name}`, want: { kind: "rgName", resourceGroup: rg, name } })),
  fc.tuple(rgName, appName, fc.option(slotName, { nil: undefined })).map(([rg, name, slot]) => {
    const site = `/subscriptions/0000-1/resourceGroups/${rg}/providers/Microsoft.Web/sites/${name}`;
    const id = slot ? `${site}/slots/${slot}` : site;
    const want = { kind: "resourceId", id, subscriptionId: "0000-1", resourceGroup: rg, name };
    return { text: id, want: slot ? { ...want, slot } : want };
  }),
);

describe("ok results round-trip what was typed", () => {
  it("app, window and slot of the read verbs, in any flag form and order", () => {
    const verb = fc.constantFrom("status", "st", "s", "diagnose", "diag", "why", "metrics", "m");
    const windowFlag = fc.constantFrom("--window ", "--window=", "-w ", "—window ");
    const slotFlag = fc.constantFrom("--slot ", "-s ", "--slot=");
    fc.assert(
      fc.property(
        verb,
        appForm,
        fc.option(window, { nil: undefined }),
        fc.option(slotName, { nil: undefined }),
        windowFlag,
        slotFlag,
        sep,
        fc.boolean(),
        fc.boolean(),
        (v, app, w, slot, wf, sf, s, flagsFirst, smartQuotes) => {
          const idSlot = (app.want as { slot?: string }).slot;
          const useSlot = idSlot === undefined ? slot : undefined;
          const flags = [w ? `${wf}${w}` : "", useSlot ? `${sf}${useSlot}` : ""].filter((x) => x !== "");
          const appText = smartQuotes ? `“${app.text}”` : app.text;
          const parts = flagsFirst ? [v, ...flags, appText] : [v, appText, ...flags];
          const r = parseCommand(parts.join(s));
          if (!r.ok) throw new Error(`${parts.join(" ")}: ${r.error.message}`);
          const intent = r.intent;
          if (intent.verb !== "status" && intent.verb !== "diagnose" && intent.verb !== "metrics")
            throw new Error(intent.verb);
          expect(intent.app).toEqual(useSlot ? { ...app.want, slot: useSlot } : app.want);
          if (w) expect(intent.window).toMatchObject({ ms: durationMs(w), defaulted: false });
          else expect(intent.window.defaulted).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("scale out counts: 1–30 parse to the count, anything else is refused naming it", () => {
    fc.assert(
      fc.property(appName, fc.integer({ min: -100, max: 100 }), (name, n) => {
        const r = parseCommand(`scale ${name} out ${n}`);
        if (n >= 1 && n <= 30) expect(r).toMatchObject({ ok: true, intent: { direction: "out", instances: n } });
        else expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining(`“${n}”`) } });
      }),
    );
  });

  it("scale up SKUs in any case parse to the canonical name", () => {
    const sku = fc
      .tuple(
        fc.constantFrom("B", "S", "P", "I", "EP"),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom("", "v2", "v3", "mv3"),
      )
      .map(([f, n, suffix]) => `${f}${n}${suffix}`);
    fc.assert(
      fc.property(appName, fc.mixedCase(sku), (name, typed) => {
        const r = parseCommand(`scale ${name} up ${typed}`);
        const canonical = typed
          .toUpperCase()
          .replace(/MV(\d)$/, "mv$1")
          .replace(/V(\d)$/, "v$1");
        expect(r).toMatchObject({ ok: true, intent: { app: { name }, direction: "up", sku: canonical } });
      }),
    );
  });

  it("restart flags round-trip", () => {
    fc.assert(
      fc.property(appName, fc.boolean(), fc.option(slotName, { nil: undefined }), (name, soft, slot) => {
        const text = ["restart", name, soft ? "--soft" : "", slot ? `-s ${slot}` : ""].join(" ");
        const want = slot ? { kind: "name", name, slot } : { kind: "name", name };
        expect(parseCommand(text)).toEqual({ ok: true, intent: { verb: "restart", write: true, app: want, soft } });
      }),
    );
  });
});
