import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import {
  actions,
  button,
  context,
  fallbackText,
  fields,
  finalize,
  finalizeHome,
  header,
  packLines,
  section,
} from "../../../src/slack/views/blocks.ts";
import { expectHomeWithinLimits, expectWithinLimits } from "./checks.ts";

describe("limit-safe builders", () => {
  it("clips section, header, field and button text to their limits", () => {
    const s = section("x".repeat(5000));
    expect(s.text?.text.length).toBe(3000);
    expect(s.text?.text.endsWith("…")).toBe(true);
    expect(header("h".repeat(400)).text.text.length).toBe(150);
    const f = fields(Array.from({ length: 14 }, (_, i) => `*F${i}*\n${"v".repeat(2500)}`));
    expect(f.fields).toHaveLength(10);
    expect(f.fields?.[9].text).toBe("… 5 more");
    expect(f.fields?.[0].text.length).toBe(2000);
    const b = button({ text: "b".repeat(100), actionId: "a".repeat(300), value: "v".repeat(2500) });
    expect(b.text.text.length).toBe(75);
    expect(b.action_id?.length).toBe(255);
    expect(b.value?.length).toBe(2000);
  });

  it("never emits an empty text object", () => {
    expect(section("   ").text?.text).toBe("—");
    expect(context([]).elements).toHaveLength(1);
    expect(fallbackText("")).toBe("appsvc-bot");
  });

  it("caps context at 10 elements and actions at 25 with unique action_ids", () => {
    expect(context(Array.from({ length: 15 }, (_, i) => `c${i}`)).elements).toHaveLength(10);
    const a = actions(Array.from({ length: 30 }, () => button({ text: "x", actionId: "same" })));
    expect(a.elements).toHaveLength(25);
    expect(new Set(a.elements.map((e) => (e as { action_id: string }).action_id)).size).toBe(25);
  });

  it("packs lines into sections of at most 3000 characters", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i} ${"z".repeat(90)}`);
    const blocks = packLines(lines, "*Head*");
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks) expect(b.text?.text.length).toBeLessThanOrEqual(3000);
    expect(blocks.map((b) => b.text?.text).join("\n")).toContain("line 99");
  });
});

describe("the limit checker used by these tests", () => {
  it("rejects what Slack would reject", () => {
    const long = { type: "section", text: { type: "mrkdwn", text: "x".repeat(3001) } } as KnownBlock;
    expect(() => expectWithinLimits({ text: "t", blocks: [long] })).toThrow();
    expect(() => expectWithinLimits({ text: "t", blocks: Array.from({ length: 51 }, () => section("s")) })).toThrow();
    expect(() => expectWithinLimits({ text: " ", blocks: [] })).toThrow();
  });
});

describe("finalize", () => {
  const many = (n: number): KnownBlock[] => Array.from({ length: n }, (_, i) => section(`block ${i}`));

  it("passes a short message through, with its fallback text", () => {
    const m = finalize(many(3), "hello");
    expect(m.blocks).toHaveLength(3);
    expect(m.text).toBe("hello");
    expect(m.file).toBeUndefined();
  });

  it("collapses overflow into a final line, keeps trailing buttons and moves everything into a file", () => {
    const blocks = [...many(80), actions([button({ text: "Go", actionId: "go" })])];
    const m = finalize(blocks, "t".repeat(5000), { fileName: "x.md", fileTitle: "X" });
    expectWithinLimits(m);
    expect(m.blocks).toHaveLength(50);
    expect(m.blocks.at(-1)?.type).toBe("actions");
    expect(JSON.stringify(m.blocks.at(-2))).toContain("… 32 more — see the attached file");
    expect(m.file?.filename).toBe("x.md");
    expect(m.file?.content).toContain("block 79");
    expect(m.text.length).toBe(3000);
  });

  it("limits a Home tab to 100 blocks", () => {
    const h = finalizeHome(many(150), "see /appsvc list");
    expectHomeWithinLimits(h);
    expect(JSON.stringify(h.blocks.at(-1))).toContain("… 51 more — see /appsvc list");
  });
});
