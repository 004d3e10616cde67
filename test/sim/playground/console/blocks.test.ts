// The console's Block Kit renderer (plain JS served to the browser) in Node: every block type the emulator's
// validator accepts renders as Slack draws it, and nothing from a message reaches the page unescaped.
import { describe, expect, it } from "vitest";
import { helpData } from "../../../../src/command/index.ts";
import { mrkdwn, renderMessage } from "../../../../src/sim/playground/console/web/blocks.js";
import { validateBlocks } from "../../../../src/sim/slack/block-kit-limits.ts";
import { helpView } from "../../../../src/slack/views/help.ts";

const ALL_TYPES = [
  { type: "header", text: { type: "plain_text", text: "🔴 shop-api · incident" } },
  {
    type: "section",
    text: { type: "mrkdwn", text: "*Running* · S1 × 1 · <https://portal.azure.com/#x|Portal>" },
    fields: [
      { type: "mrkdwn", text: "*Requests*\n54k" },
      { type: "mrkdwn", text: "*5xx*\n586 (1.1%)" },
    ],
    accessory: { type: "button", action_id: "a_diag", text: { type: "plain_text", text: "Diagnose" }, value: "v1" },
  },
  {
    type: "context",
    elements: [
      { type: "image", image_url: "https://example.com/i.png", alt_text: "icon" },
      { type: "mrkdwn", text: "checked 02:17 UTC by <@U0BOB>" },
    ],
  },
  {
    type: "actions",
    elements: [
      { type: "button", action_id: "a_ok", style: "primary", text: { type: "plain_text", text: "Approve" } },
      {
        type: "button",
        action_id: "a_stop",
        style: "danger",
        text: { type: "plain_text", text: "Stop" },
        confirm: {
          title: { type: "plain_text", text: "Stop shop-api?" },
          text: { type: "mrkdwn", text: "The app goes *down*." },
          confirm: { type: "plain_text", text: "Stop it" },
          deny: { type: "plain_text", text: "Keep it" },
          style: "danger",
        },
      },
      {
        type: "static_select",
        action_id: "a_sel",
        placeholder: { type: "plain_text", text: "Pick a window" },
        options: [{ text: { type: "plain_text", text: "1h" }, value: "1h" }],
      },
    ],
  },
  { type: "divider" },
  {
    type: "image",
    image_url: "https://example.com/chart.png",
    alt_text: "chart",
    title: { type: "plain_text", text: "5xx" },
  },
  { type: "markdown", text: "**bold** text" },
  {
    type: "rich_text",
    elements: [
      { type: "rich_text_section", elements: [{ type: "text", text: "hello ", style: { bold: true } }] },
      {
        type: "rich_text_list",
        style: "bullet",
        elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "one" }] }],
      },
      { type: "rich_text_preformatted", elements: [{ type: "text", text: "az webapp restart" }] },
    ],
  },
];

describe("console Block Kit renderer", () => {
  it("renders every block type the emulator's validator accepts, each as its own element", () => {
    expect(validateBlocks(ALL_TYPES, "message")).toEqual([]);
    const html = renderMessage({ blocks: ALL_TYPES }, (id) => (id === "U0BOB" ? "bob" : undefined));
    for (const cls of ["sk-header", "sk-section", "sk-fields", "sk-accessory", "sk-context", "sk-actions"]) {
      expect(html).toContain(`class="${cls}"`);
    }
    expect(html).toContain('<hr class="sk-divider">');
    expect(html).toContain('<figure class="sk-image"><div class="sk-image-title">5xx</div>');
    expect(html).toContain('<span class="sk-mention">@bob</span>');
    expect(html).toContain(
      '<a href="https://portal.azure.com/#x" target="_blank" rel="noopener noreferrer">Portal</a>',
    );
    expect(html).toContain('class="sk-btn sk-btn-primary" data-action-id="a_ok"');
    expect(html).toMatch(
      /class="sk-btn sk-btn-danger" data-action-id="a_stop" data-block-id="" data-confirm="\{&quot;title/,
    );
    expect(html).toContain('data-action-id="a_diag" data-block-id="" data-value="v1">Diagnose</button>');
    expect(html).toContain("Pick a window ▾");
    expect(html).toContain('<pre class="sk-pre">az webapp restart</pre>');
    expect(html).toContain("<li><div>one</div></li>");
    expect(html).not.toContain("sk-other");
  });

  it("formats mrkdwn like Slack", () => {
    expect(mrkdwn("*bold* _it_ ~gone~ `code` and *not bold*here")).toBe(
      '<b>bold</b> <i>it</i> <s>gone</s> <code class="sk-code">code</code> and *not bold*here',
    );
    expect(mrkdwn("a\n&gt; quoted\nb")).toBe('a<br><blockquote class="sk-quote">quoted</blockquote>b');
    expect(mrkdwn("```\nline 1\n*x*\n```")).toBe('<pre class="sk-pre">line 1\n*x*\n</pre>');
    expect(mrkdwn("`*literal*`")).toBe('<code class="sk-code">*literal*</code>');
    expect(mrkdwn("*<https://a.example/?q=1&amp;r=2|a &amp; b>*")).toBe(
      '<b><a href="https://a.example/?q=1&amp;r=2" target="_blank" rel="noopener noreferrer">a &amp; b</a></b>',
    );
  });

  it("escapes everything a message carries", () => {
    // Slack sends < > & escaped in text; a bad client would turn them back into markup.
    expect(mrkdwn("&lt;script&gt;alert(1)&lt;/script&gt;")).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mrkdwn('<javascript:alert(1)|click "me">')).toBe("click &quot;me&quot;");
    const html = renderMessage({
      blocks: [
        { type: "header", text: { type: "plain_text", text: '<img src=x onerror="alert(1)">' } },
        {
          type: "actions",
          elements: [
            {
              type: "button",
              action_id: '"><b>',
              text: { type: "plain_text", text: "<i>x</i>" },
              url: "javascript:alert(1)",
            },
          ],
        },
      ],
    });
    expect(html).not.toMatch(/<img|<i>|<b>|href="javascript/);
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("renders the bot's help answer with its usage lines as code, not entity text", () => {
    const msg = helpView(helpData());
    expect(validateBlocks(msg.blocks, "message")).toEqual([]);
    const html = renderMessage(msg);
    expect(html).toContain('<code class="sk-code">/appsvc status &lt;app&gt;');
    expect(html).not.toContain("&amp;lt;");
    expect(html).not.toContain("sk-other");
  });
});
