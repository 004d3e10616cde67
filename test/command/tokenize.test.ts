import { describe, expect, it } from "vitest";
import { echo } from "../../src/command/echo.ts";
import { normalize, tokenize } from "../../src/command/tokenize.ts";

const texts = (raw: string) => {
  const r = tokenize(raw);
  if (!r.ok) throw new Error(r.problem);
  return r.tokens.map((t) => t.text);
};

describe("normalize", () => {
  it("turns non-breaking, narrow and ideographic spaces, tabs and newlines into plain spaces", () => {
    expect(normalize("status\u00A0shop-api\u202F-w\u30006h\tx\ny")).toBe("status shop-api -w 6h x y");
  });

  it("drops zero-width characters, soft hyphens and control characters", () => {
    expect(normalize("sta\u200Btus\u00AD shop\u0007-api\u202E")).toBe("status shop-api");
  });

  it("straightens smart quotes", () => {
    expect(normalize("“a” ‘b’ „c‟")).toBe(`"a" 'b' "c"`);
  });

  it("decodes the entities Slack escapes", () => {
    expect(normalize("a &amp; b &lt;x&gt;")).toBe("a & b <x>");
  });

  it("unwraps an auto-link to its label, and keeps a link carrying an ARM path as the URL", () => {
    expect(normalize("<http://shop-api.azurewebsites.net|shop-api.azurewebsites.net>")).toBe(
      "shop-api.azurewebsites.net",
    );
    expect(normalize("<https://example.com/x>")).toBe("https://example.com/x");
    expect(normalize("<mailto:a@b.c|a@b.c>")).toBe("a@b.c");
    const portal = "https://portal.azure.com/#@t/resource/subscriptions/s/resourceGroups/rg";
    expect(normalize(`<${portal}|portal>`)).toBe(portal);
  });

  it("leaves mentions and broadcasts as they are (the parser rejects them)", () => {
    expect(normalize("<@U123> <#C1|ops> <!channel>")).toBe("<@U123> <#C1|ops> <!channel>");
  });

  it("never leaves lone surrogates", () => {
    expect(normalize("a\uD800b").isWellFormed()).toBe(true);
  });
});

describe("tokenize", () => {
  it("splits on runs of spaces", () => {
    expect(texts("  status   shop-api  ")).toEqual(["status", "shop-api"]);
    expect(texts("")).toEqual([]);
  });

  it("groups quoted words and marks tokens that start quoted", () => {
    const r = tokenize(`list "shop api" '--x' --path="/a b"`);
    expect(r).toEqual({
      ok: true,
      tokens: [
        { text: "list", quoted: false },
        { text: "shop api", quoted: true },
        { text: "--x", quoted: true },
        { text: "--path=/a b", quoted: false },
      ],
    });
  });

  it("reads smart quotes as quotes", () => {
    expect(texts("list “shop api”")).toEqual(["list", "shop api"]);
  });

  it("keeps an apostrophe inside a word", () => {
    expect(texts("list bob’s-app")).toEqual(["list", "bob's-app"]);
  });

  it("keeps an empty quoted token", () => {
    expect(texts(`list ""`)).toEqual(["list", ""]);
  });

  it("reports an unclosed quote", () => {
    expect(tokenize(`list "shop`)).toEqual({ ok: false, problem: 'A quote (") is not closed.' });
  });

  it("reads an en or em dash before a letter as -- (phones autocorrect it)", () => {
    expect(texts("status x —window 6h –slot s")).toEqual(["status", "x", "--window", "6h", "--slot", "s"]);
    expect(texts(`x "—window"`)).toEqual(["x", "—window"]);
  });
});

describe("echo", () => {
  it("quotes the token and escapes Slack's control characters", () => {
    expect(echo("<!channel> & <@U1>")).toBe("“&lt;!channel&gt; &amp; &lt;@U1&gt;”");
  });

  it("cuts long tokens to the budget without splitting an entity", () => {
    const e = echo(`${"a".repeat(58)}&&&`);
    expect(e).toBe(`“${"a".repeat(58)}…”`);
    expect(echo("x".repeat(500)).length).toBeLessThanOrEqual(63);
  });

  it("defuses broadcast words, backticks and control characters", () => {
    expect(echo("@here `x`\u0000")).toBe("“@\u200Dhere ˋxˋ ”");
  });
});
