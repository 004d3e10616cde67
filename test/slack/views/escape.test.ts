import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clip, code, escapeMrkdwn, escapePlain, fileSafe, link, ZWJ } from "../../../src/slack/views/escape.ts";

describe("escapeMrkdwn", () => {
  it("escapes the three control characters and nothing else", () => {
    expect(escapeMrkdwn("a & b < c > d \"e\" 'f'")).toBe("a &amp; b &lt; c &gt; d \"e\" 'f'");
  });

  it("neutralises mentions and forged links", () => {
    expect(escapeMrkdwn("<!channel> <@U123> <https://evil|click>")).toBe(
      "&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|click&gt;",
    );
  });

  it("is the same whether Slack already escaped the text or not, and idempotent", () => {
    expect(escapeMrkdwn("&lt;!here&gt; &amp;")).toBe(escapeMrkdwn("<!here> &"));
    expect(escapeMrkdwn("&amp;lt;")).toBe("&amp;lt;");
    fc.assert(fc.property(fc.string(), (s) => escapeMrkdwn(escapeMrkdwn(s)) === escapeMrkdwn(s)));
  });

  it("defuses bare @channel, @here and @everyone, in any case", () => {
    expect(escapeMrkdwn("ping @channel and @HERE, @everyone")).toBe(
      `ping @${ZWJ}channel and @${ZWJ}HERE, @${ZWJ}everyone`,
    );
    expect(escapeMrkdwn("mail ops@herebank.com")).toBe("mail ops@herebank.com");
  });

  it("strips control and bidi characters, flattens lines unless asked, repairs lone surrogates", () => {
    expect(escapeMrkdwn("a\u0000b\u0007c\u202Ed")).toBe("abcd");
    expect(escapeMrkdwn("one\ntwo\r\nthree\tfour")).toBe("one two three four");
    expect(escapeMrkdwn("one\ntwo", { multiline: true })).toBe("one\ntwo");
    expect(escapeMrkdwn("x\uD800y")).toBe("x\uFFFDy");
    expect(escapeMrkdwn(undefined)).toBe("");
    expect(escapeMrkdwn(42)).toBe("42");
  });

  it("never leaves a raw < or > (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const e = escapePlain(s);
        return !/[<>]/.test(e) && !/@(channel|here|everyone)\b/i.test(e);
      }),
    );
  });
});

describe("clip", () => {
  it("keeps short text and shortens long text with an ellipsis", () => {
    expect(clip("short", 10)).toBe("short");
    expect(clip("abcdefghij", 5)).toBe("abcd…");
  });

  it("never cuts inside an entity, a surrogate pair or a link we built", () => {
    expect(clip("abc&amp;def", 6)).toBe("abc…");
    expect(clip("ab😀cd", 4)).toBe("ab…");
    expect(clip("see <https://x.example/a|label> now", 12)).toBe("see …");
  });

  it("closes a code fence it would leave open", () => {
    const out = clip(`head\n\`\`\`\n${"x".repeat(100)}\n\`\`\``, 40);
    expect(out.length).toBeLessThanOrEqual(40);
    expect((out.match(/```/g) ?? []).length % 2).toBe(0);
  });

  it("respects the limit and leaves whole entities (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.integer({ min: 2, max: 80 }), (s, max) => {
        const out = clip(escapeMrkdwn(s), max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
        expect(out.isWellFormed()).toBe(true);
      }),
    );
  });
});

describe("link and code", () => {
  it("builds links only for https", () => {
    expect(link("https://portal.azure.com/#@/resource/x", "Portal")).toBe(
      "<https://portal.azure.com/#@/resource/x|Portal>",
    );
    expect(link("http://example.com", "Plain")).toBe("Plain");
    expect(link("javascript:alert(1)", "x")).toBe("x");
    expect(link("https://user:pw@example.com/", "creds")).toBe("creds");
    expect(link("not a url", "label")).toBe("label");
  });

  it("keeps the URL from ending the link early and strips | and > from the label", () => {
    expect(link("https://a.example/p|q>r", "x|y>z<w")).toBe("<https://a.example/p%7Cq%3Er|xyz&lt;w>");
    expect(link("https://a.example/?a=1&b=2", "q")).toBe("<https://a.example/?a=1&amp;b=2|q>");
  });

  it("wraps foreign text in a code span it cannot break out of", () => {
    expect(code("a`b<c")).toBe("`aˋb&lt;c`");
    expect(code("")).toBe("`—`");
  });

  it("makes file text readable without any control sequence", () => {
    expect(fileSafe("&lt;!channel&gt; &amp; <https://a.example/x|Kudu>")).toBe(
      `<${ZWJ}!channel> & Kudu (https://a.example/x)`,
    );
  });
});
