// The smaller answers: progress, resolution, errors, usage and help, placeholders for mitigations.
import { describe, expect, it } from "vitest";
import { type HelpGroup, helpData } from "../../../src/command/usage.ts";
import { DomainError } from "../../../src/core/errors.ts";
import { errorIdFor, errorView } from "../../../src/slack/views/error.ts";
import { code } from "../../../src/slack/views/escape.ts";
import { helpView, usageErrorView } from "../../../src/slack/views/help.ts";
import { mitigationPendingView, progressView } from "../../../src/slack/views/progress.ts";
import { resolutionView } from "../../../src/slack/views/resolution.ts";
import type { SlackMessage } from "../../../src/slack/views/types.ts";
import { expectNoInjection, expectWithinLimits, strings } from "./checks.ts";
import { appRef } from "./fixtures.ts";

const all = (m: SlackMessage) => strings(m).join("\n");

describe("progressView", () => {
  it("says what it is doing, with what the user typed in a code span, escaped", () => {
    expect(progressView({ theirs: "shop-api" }, "status").text).toBe("⏳ Checking `shop-api`…");
    expect(progressView({ theirs: "shop-api" }, "diagnose").text).toBe("⏳ Diagnosing `shop-api`…");
    expect(progressView({ theirs: "shop-api", note: "slot staging" }, "status").text).toBe(
      "⏳ Checking `shop-api` (slot staging)…",
    );
    expect(progressView({ ours: "the audit trail" }, "audit").text).toBe("⏳ Working on the audit trail…");
    expect(progressView({ theirs: "shop-api" }, "status")).toMatchSnapshot();
    const m = progressView({ theirs: "<!channel> & co" }, "status");
    expectWithinLimits(m);
    expectNoInjection(m);
    expect(m.text).toBe("⏳ Checking `&lt;!channel&gt; &amp; co`…");
    // Formatting and links stay literal text (list *bold*, list <http://evil.example>).
    expect(progressView({ theirs: "*bold*", note: "matching apps" }, "list").text).toBe(
      "⏳ Listing `*bold*` (matching apps)…",
    );
    expect(progressView({ theirs: "<http://evil.example>" }, "list").text).toBe(
      "⏳ Listing `&lt;http://evil.example&gt;`…",
    );
  });
});

describe("resolutionView", () => {
  const a = appRef({ resourceGroup: "rg-eu" });
  const b = appRef({ resourceGroup: "rg-us", region: "eastus", location: "East US" });

  it("ambiguous: every candidate with the exact command to run", () => {
    const m = resolutionView({ kind: "ambiguous", candidates: [a, b] }, "shop-api");
    expectWithinLimits(m);
    expect(m).toMatchSnapshot();
    expect(all(m)).toContain("• `rg-eu/shop-api` (westeurope) → `/appsvc status rg-eu/shop-api`");
    expect(all(m)).toContain("• `rg-us/shop-api` (eastus) → `/appsvc status rg-us/shop-api`");
    expect(m.text).toBe("shop-api matches 2 apps: name it as rg/name.");
  });

  it("slots get rg/name/slot, and the verb is the one asked for", () => {
    const s = appRef({ slot: "staging" });
    const m = resolutionView({ kind: "ambiguous", candidates: [s] }, "shop-api/staging", "diagnose");
    expect(all(m)).toContain("`/appsvc diagnose rg-shop/shop-api/staging`");
  });

  it("unknown: suggestions, or a pointer to /appsvc list", () => {
    const sug = resolutionView({ kind: "unknown", query: "shop-apj", suggestions: [a] }, "shop-apj");
    expect(all(sug)).toContain("No app matches `shop-apj`. Did you mean:");
    expect(all(sug)).toContain("`/appsvc status rg-eu/shop-api`");
    const none = resolutionView({ kind: "unknown", query: "zzz", suggestions: [] }, "zzz");
    expectWithinLimits(none);
    expect(all(none)).toContain("No app matches `zzz`; `/appsvc list` shows the apps I can see.");
  });
});

describe("errorView", () => {
  it("forbidden: the role and the scope to grant", () => {
    const err = new DomainError({
      kind: "forbidden",
      userMessage: "The bot may not read shop-api.",
      hint: "Grant Reader on /subscriptions/…/resourceGroups/rg-shop to the bot's identity.",
      call: "webApps.get shop-api",
    });
    const m = errorView(err, { verb: "status", app: "shop-api" });
    expectWithinLimits(m);
    expect(m).toMatchSnapshot();
    expect(all(m)).toContain("*🔒 Not allowed* — status for `shop-api`");
    expect(all(m)).toContain("Grant Reader on /subscriptions/…/resourceGroups/rg-shop");
    expect(m.text).toBe("🔒 Not allowed: The bot may not read shop-api.");
  });

  it("throttled: when to retry; timeout: which call", () => {
    const t = errorView(
      new DomainError({ kind: "throttled", userMessage: "Azure throttled the metrics read.", retryAfterSeconds: 30 }),
      { verb: "status" },
    );
    expect(all(t)).toContain("Retry in *30 s*.");
    const o = errorView(
      new DomainError({ kind: "timeout", userMessage: "Metrics took too long.", call: "metrics.list shop-api" }),
      { verb: "status" },
    );
    expect(all(o)).toContain("The call that timed out: `metrics.list shop-api`");
  });

  it("notFound with suggestions, unavailable and invalid have a title and a default hint", () => {
    const nf = errorView(
      new DomainError({ kind: "notFound", userMessage: "No app shop-apj.", suggestions: [appRef()] }),
      { verb: "status" },
    );
    expect(all(nf)).toContain("`/appsvc status rg-shop/shop-api`");
    for (const kind of ["unavailable", "invalid"] as const) {
      const m = errorView(new DomainError({ kind, userMessage: "x" }), { verb: "status" });
      expectWithinLimits(m);
      expect(all(m).split("\n").length).toBeGreaterThan(2);
    }
  });

  it("unknown errors: an id to find the log line, never the message or a stack", () => {
    const err = new Error("connect ECONNREFUSED token=sk-secret-123");
    const m = errorView(err, { verb: "status", app: "shop-api" });
    expectWithinLimits(m);
    const text = all(m);
    const id = errorIdFor(err, "status");
    expect(id).toMatch(/^E[0-9a-f]{8}$/);
    expect(text).toContain(`the error was logged with id \`${id}\``);
    expect(text).not.toContain("secret");
    expect(text).not.toContain("ECONNREFUSED");
    expect(text).not.toContain("at ");
    expect(errorView(err, { verb: "status", errorId: "req-42" }).text).toContain("req-42");
    expect(errorView("a string", { verb: "x" }).text).toMatch(/logged with id E[0-9a-f]{8}/);
  });
});

describe("usage and help", () => {
  it("usage error: the message, the usage and suggestions", () => {
    const m = usageErrorView({
      message: "Unknown option --windw",
      usage: "/appsvc status <app> [--window 1h]",
      suggestions: ["--window"],
    });
    expectWithinLimits(m);
    expect(m).toMatchSnapshot();
    expect(all(m)).toContain("Usage: `/appsvc status &lt;app&gt; [--window 1h]`");
    expect(all(m)).toContain("Did you mean `--window`?");
    const multi = usageErrorView({
      message: "scale needs a direction",
      usage: "scale <app> out <n>\nscale <app> up <sku>",
    });
    expect(all(multi)).toContain("Usage:\n```\nscale &lt;app&gt; out &lt;n&gt;\nscale &lt;app&gt; up &lt;sku&gt;");
  });

  const groups: HelpGroup[] = [
    {
      group: "read",
      title: "Read",
      verbs: [
        {
          verb: "status",
          synopsis: ["status <app> [--window 1h]"],
          summary: "State and the likely cause.",
          example: "/appsvc status shop-api",
          aliases: ["st", "s"],
          defaultWindow: "1h",
        },
      ],
    },
    {
      group: "act",
      title: "Act (needs approval)",
      verbs: [
        {
          verb: "restart",
          synopsis: ["restart <app> [--soft]"],
          summary: "Restart the app.",
          example: "/appsvc restart shop-api --soft",
          aliases: ["rs"],
        },
      ],
    },
  ];

  it("help: groups, synopses and aliases; one command in detail", () => {
    const m = helpView(groups, { notes: ["Windows: 30m, 6h, 24h."] });
    expectWithinLimits(m);
    expect(m).toMatchSnapshot();
    const text = all(m);
    expect(text).toContain("*Act (needs approval)*");
    expect(text).toContain("`/appsvc status &lt;app&gt; [--window 1h]` (also `st`, `s`)\nState and the likely cause.");
    expect(text).toContain("Windows: 30m, 6h, 24h.");
    const one = all(helpView(groups, { topic: "rs" }));
    expect(one).toContain("*/appsvc restart* · _needs approval_");
    expect(one).toContain("Example: `/appsvc restart shop-api --soft`");
    expect(all(helpView(groups, { topic: "nope" }))).toContain("No command `nope`.");
  });

  it("help renders the parser's own help data, every verb", () => {
    const data = helpData();
    const text = all(helpView(data));
    for (const v of data.flatMap((g) => g.verbs)) expect(text).toContain(code(`/appsvc ${v.synopsis[0]}`));
    expectWithinLimits(helpView(data));
  });
});

describe("mitigationPendingView", () => {
  it("says plainly that nothing was changed", () => {
    const m = mitigationPendingView({ verb: "restart", app: appRef() });
    expectWithinLimits(m);
    expect(m).toMatchSnapshot();
    expect(all(m)).toContain("Restart, scale and auto-heal arrive with approvals: nothing was changed.");
    expect(all(m)).toContain("`/appsvc diagnose rg-shop/shop-api`");
    expect(mitigationPendingView({ verb: "scale" }).text).toContain("nothing was changed");
  });
});
