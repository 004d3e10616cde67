import { describe, expect, it } from "vitest";
import { validateBlocks, validateView } from "../../../src/sim/slack/block-kit-limits.ts";

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
const button = (text: string, action_id = "a1", extra: Record<string, unknown> = {}) => ({
  type: "button",
  action_id,
  text: { type: "plain_text", text },
  ...extra,
});
const x = (n: number) => "x".repeat(n);

describe("validateBlocks (message surface)", () => {
  it("accepts a realistic message", () => {
    const blocks = [
      { type: "header", text: { type: "plain_text", text: "api: 502s" } },
      section("*Status* degraded"),
      { type: "section", fields: [{ type: "mrkdwn", text: "*CPU*\n93%" }] },
      { type: "divider" },
      { type: "context", elements: [{ type: "mrkdwn", text: "updated now" }] },
      { type: "image", image_url: "https://x/y.png", alt_text: "chart" },
      {
        type: "actions",
        block_id: "restart",
        elements: [button("Approve", "approve", { style: "primary", value: "api" }), button("Cancel", "cancel")],
      },
    ];
    expect(validateBlocks(blocks, "message")).toEqual([]);
  });

  it("allows 50 blocks in a message and 100 in a view, not one more", () => {
    const fifty = Array.from({ length: 50 }, () => ({ type: "divider" }));
    expect(validateBlocks(fifty, "message")).toEqual([]);
    expect(validateBlocks([...fifty, { type: "divider" }], "message")).toEqual([
      "[ERROR] no more than 50 items allowed [json-pointer:/blocks]",
    ]);
    const hundred = Array.from({ length: 100 }, () => ({ type: "divider" }));
    expect(validateBlocks(hundred, "home")).toEqual([]);
    expect(validateBlocks([...hundred, { type: "divider" }], "home")).toHaveLength(1);
  });

  it.each([
    ["section text", [section(x(3000))], [section(x(3001))], "/blocks/0/text/text"],
    [
      "header text",
      [{ type: "header", text: { type: "plain_text", text: x(150) } }],
      [{ type: "header", text: { type: "plain_text", text: x(151) } }],
      "/blocks/0/text/text",
    ],
    [
      "button text",
      [{ type: "actions", elements: [button(x(75))] }],
      [{ type: "actions", elements: [button(x(76))] }],
      "/blocks/0/elements/0/text/text",
    ],
    [
      "action_id",
      [{ type: "actions", elements: [button("ok", x(255))] }],
      [{ type: "actions", elements: [button("ok", x(256))] }],
      "/blocks/0/elements/0/action_id",
    ],
    [
      "block_id",
      [{ type: "divider", block_id: x(255) }],
      [{ type: "divider", block_id: x(256) }],
      "/blocks/0/block_id",
    ],
    [
      "field text",
      [{ type: "section", fields: [{ type: "mrkdwn", text: x(2000) }] }],
      [{ type: "section", fields: [{ type: "mrkdwn", text: x(2001) }] }],
      "/blocks/0/fields/0/text",
    ],
    [
      "image alt_text",
      [{ type: "image", image_url: "https://x", alt_text: x(2000) }],
      [{ type: "image", image_url: "https://x", alt_text: x(2001) }],
      "/blocks/0/alt_text",
    ],
    [
      "button value",
      [{ type: "actions", elements: [button("ok", "a", { value: x(2000) })] }],
      [{ type: "actions", elements: [button("ok", "a", { value: x(2001) })] }],
      "/blocks/0/elements/0/value",
    ],
  ])("%s: at the limit passes, one over fails with its json-pointer", (_name, ok, bad, pointer) => {
    expect(validateBlocks(ok, "message")).toEqual([]);
    const errors = validateBlocks(bad, "message");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[ERROR\] must be less than \d+ characters/);
    expect(errors[0]).toContain(`[json-pointer:${pointer}]`);
  });

  it.each([
    [
      "actions",
      "elements",
      25,
      (n: number) => ({ type: "actions", elements: Array.from({ length: n }, (_, i) => button("b", `a${i}`)) }),
    ],
    [
      "section",
      "fields",
      10,
      (n: number) => ({ type: "section", fields: Array.from({ length: n }, () => ({ type: "mrkdwn", text: "f" })) }),
    ],
    [
      "context",
      "elements",
      10,
      (n: number) => ({ type: "context", elements: Array.from({ length: n }, () => ({ type: "mrkdwn", text: "c" })) }),
    ],
  ])("%s %s: at most %i", (_type, key, max, make) => {
    expect(validateBlocks([make(max)], "message")).toEqual([]);
    expect(validateBlocks([make(max + 1)], "message")).toEqual([
      `[ERROR] no more than ${max} items allowed [json-pointer:/blocks/0/${key}]`,
    ]);
  });

  it("rejects unknown block types, mrkdwn headers, bad styles, duplicate ids and empty sections", () => {
    expect(validateBlocks([{ type: "banner" }], "message")).toEqual([
      "[ERROR] unsupported type: banner [json-pointer:/blocks/0/type]",
    ]);
    expect(validateBlocks([{ type: "header", text: { type: "mrkdwn", text: "h" } }], "message")[0]).toContain(
      "/blocks/0/text/type",
    );
    expect(
      validateBlocks([{ type: "actions", elements: [button("b", "a", { style: "green" })] }], "message")[0],
    ).toContain("/style");
    expect(
      validateBlocks(
        [
          { type: "divider", block_id: "d" },
          { type: "divider", block_id: "d" },
        ],
        "message",
      )[0],
    ).toContain("duplicate block_id");
    expect(
      validateBlocks([{ type: "actions", elements: [button("b", "same"), button("c", "same")] }], "message")[0],
    ).toContain("duplicate action_id");
    expect(validateBlocks([{ type: "section" }], "message")[0]).toContain("must provide either text or fields");
    expect(validateBlocks([section("")], "message")[0]).toContain("must be more than 0 characters");
    expect(validateBlocks({ type: "section" }, "message")).toEqual([
      "[ERROR] must provide an array [json-pointer:/blocks]",
    ]);
  });
});

describe("validateView", () => {
  it("checks the view's own fields and its blocks under /view/blocks", () => {
    expect(validateView({ type: "home", blocks: [section("hi")] })).toEqual([]);
    expect(validateView({ type: "home", blocks: [], private_metadata: x(3001) })).toEqual([
      "[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]",
    ]);
    expect(validateView({ type: "home", blocks: [section(x(3001))] })).toEqual([
      "[ERROR] must be less than 3001 characters [json-pointer:/view/blocks/0/text/text]",
    ]);
    expect(validateView({ type: "modal", blocks: [] })[0]).toContain("/view/title");
  });
});
