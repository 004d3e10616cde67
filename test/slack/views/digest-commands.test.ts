// The digest command answers: escaping of user-given text, Block Kit limits with many subscriptions.
import { describe, expect, it } from "vitest";
import {
  subscribedView,
  subscribeRefusedView,
  subscriptionListView,
} from "../../../src/slack/views/digest-commands.ts";

describe("digest command views", () => {
  it("escapes scope text and shows warnings apart from notes", () => {
    const m = subscribedView({
      id: "abc",
      time: "02:30",
      timeZone: "Europe/Berlin",
      zoneSource: "given",
      days: "daily",
      scope: "<!channel> & rg",
      nextRuns: [Date.UTC(2026, 5, 3, 0, 30)],
      warnings: ["02:30 does not exist"],
      notes: ["happens twice"],
    });
    const json = JSON.stringify(m.blocks);
    expect(json).not.toContain("<!channel>");
    expect(json).toContain("&lt;!channel&gt; &amp; rg");
    expect(json).toContain("⚠️ 02:30 does not exist");
    expect(m.blocks.map((b) => b.type)).toEqual(["section", "section", "context"]);
    expect(subscribeRefusedView(["bad time."]).text).toBe("⚠️ Digest not subscribed: bad time.");
  });

  it("keeps a long list within one message's limits", () => {
    const items = Array.from({ length: 200 }, (_, i) => ({
      id: `sub-${i}`,
      time: "09:00",
      timeZone: "Europe/Berlin",
      days: "weekdays" as const,
      scope: "rg:rg-shop",
      nextRun: Date.UTC(2026, 5, 3, 7),
      createdBy: "U0ALICE",
    }));
    const m = subscriptionListView(items);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    for (const b of m.blocks) expect(JSON.stringify(b).length).toBeLessThan(3_300);
    expect(JSON.stringify(m.blocks)).toContain("sub-199");
  });
});
