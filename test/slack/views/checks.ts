// Shared assertions: Block Kit limits (the Slack emulator's validator plus our own stricter rules) and the
// injection invariants.
import type { KnownBlock } from "@slack/types";
import { expect } from "vitest";
import { validateBlocks, validateView } from "../../../src/sim/slack/block-kit-limits.ts";
import type { HomeTab, SlackMessage } from "../../../src/slack/views/types.ts";

/** Keys that carry data for our handlers, never shown or parsed by Slack. */
const NOT_RENDERED = new Set(["value", "action_id", "block_id", "type", "style"]);

/** Every rendered string in the blocks (mrkdwn and plain text), plus the fallback text. */
export function strings(m: { text?: string; blocks: KnownBlock[] }): string[] {
  const out: string[] = m.text !== undefined ? [m.text] : [];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) if (!NOT_RENDERED.has(k)) walk(x);
    }
  };
  walk(m.blocks);
  return out;
}

export function expectWithinLimits(m: SlackMessage): void {
  expect(validateBlocks(m.blocks, "message")).toEqual([]);
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  expect(m.text.trim().length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(3000);
  if (m.file) {
    expect(m.file.content.length).toBeGreaterThan(0);
    expect(m.file.filename).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(m.file.title.length).toBeGreaterThan(0);
  }
  for (const b of m.blocks) {
    if (b.type !== "actions") continue;
    for (const el of b.elements) {
      if (el.type === "button" && el.value !== undefined && el.action_id?.startsWith("appsvc_")) {
        expect(() => JSON.parse(el.value as string)).not.toThrow();
      }
    }
  }
}

export function expectHomeWithinLimits(h: HomeTab): void {
  expect(validateView(h)).toEqual([]);
  expect(h.blocks.length).toBeLessThanOrEqual(100);
}

/** Links we build: https, no spaces or control characters, with one of our own labels. */
const OUR_LINK = /^<https:\/\/[^\s<>|]+\|(Diagnose and solve problems|Kudu console|Log stream|details)>/;

/** No broadcast or user mention, no link we did not build, no bare @channel/@here/@everyone. */
export function expectNoInjection(
  m: { text?: string; blocks: KnownBlock[]; file?: { content: string; title: string } },
  allowedUsers: string[] = [],
): void {
  const files = m.file ? [m.file.content, m.file.title] : [];
  for (const s of files) {
    // Files are plain text (never parsed), and still carry no control sequence.
    expect(s).not.toMatch(/<[!@#]|<https?:/i);
    expect(s).not.toMatch(/@(channel|here|everyone)\b/i);
  }
  for (const s of strings(m)) {
    expect(s).not.toContain("<!");
    expect(s).not.toMatch(/@(channel|here|everyone)\b/i);
    for (const hit of s.matchAll(/<@([^>]*)>?/g)) expect(allowedUsers).toContain(hit[1]);
    for (let i = s.indexOf("<"); i >= 0; i = s.indexOf("<", i + 1)) {
      const rest = s.slice(i);
      if (rest.startsWith("<@")) continue;
      expect(rest).toMatch(OUR_LINK);
    }
  }
}
