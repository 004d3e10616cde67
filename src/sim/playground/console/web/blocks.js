// Block Kit → HTML, drawn the way Slack draws it, for the playground's web console. Plain JavaScript (runs in
// the browser as served, and in Node for the tests); every string from a message is escaped. Covers what the
// emulator's Block Kit validator accepts in messages and App Home: header, section (text, fields, accessory),
// context, actions (buttons with styles, url and confirm; other elements shown as their placeholder), divider,
// image, markdown, rich_text, and a stand-in for file/video/input/table. Buttons carry data-action-id,
// data-block-id, data-value and data-confirm (JSON) for the client to click through the API.

const ENTITY = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** HTML-escapes any text. */
export function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ENTITY[c]);
}

/** Slack escapes only &, < and > in message text. */
const decode = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

const SAFE_URL = /^(https?:|mailto:)/i;

/** `<…>` in mrkdwn: a link, a user or channel mention, or a special mention. */
function special(inner, names) {
  const bar = inner.indexOf("|");
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? "" : decode(inner.slice(bar + 1));
  if (target.startsWith("@")) {
    const id = target.slice(1);
    return `<span class="sk-mention">@${esc(label || names?.(id) || id)}</span>`;
  }
  if (target.startsWith("#")) return `<span class="sk-mention">#${esc(label || target.slice(1))}</span>`;
  if (target.startsWith("!")) {
    const word = target.slice(1).split("^")[0];
    return `<span class="sk-mention">@${esc(label || word)}</span>`;
  }
  const url = decode(target);
  if (!SAFE_URL.test(url)) return esc(label || url);
  return `<a href="${esc(url)}" target="_blank" rel="noopener noreferrer">${esc(label || url)}</a>`;
}

const EMOJI = {
  white_check_mark: "✅",
  x: "❌",
  warning: "⚠️",
  red_circle: "🔴",
  large_green_circle: "🟢",
  large_yellow_circle: "🟡",
  hourglass_flowing_sand: "⏳",
  information_source: "ℹ️",
};

/**
 * Slack mrkdwn → HTML: *bold*, _italic_, ~strike~, `code`, ```preformatted```, > quotes, <links|label>,
 * mentions, :emoji: (a few), newlines. `names` maps a user id to a display name.
 */
export function mrkdwn(text, names) {
  const held = [];
  const hold = (html) => `\uE000${held.push(html) - 1}\uE000`;
  let s = String(text ?? "").replace(/<([^<>\n]+)>/g, (_m, inner) => hold(special(inner, names)));
  s = esc(decode(s));
  s = s.replace(/```\n?([\s\S]*?)```/g, (_m, code) => hold(`<pre class="sk-pre">${code}</pre>`));
  s = s.replace(/`([^`\n]+)`/g, (_m, code) => hold(`<code class="sk-code">${code}</code>`));
  const edge = "(^|[\\s(\\uE000>“\"'])";
  const end = "(?=$|[\\s).,;:!?”\"'\\uE000<])";
  s = s.replace(new RegExp(`${edge}\\*([^*\\n]+?)\\*${end}`, "g"), "$1<b>$2</b>");
  s = s.replace(new RegExp(`${edge}_([^_\\n]+?)_${end}`, "g"), "$1<i>$2</i>");
  s = s.replace(new RegExp(`${edge}~([^~\\n]+?)~${end}`, "g"), "$1<s>$2</s>");
  s = s.replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] ?? m);
  s = s
    .split("\n")
    .map((line) => (line.startsWith("&gt; ") ? `<blockquote class="sk-quote">${line.slice(5)}</blockquote>` : line))
    .join("\n")
    .replace(/<\/blockquote>\n/g, "</blockquote>")
    .replace(/\n/g, "<br>");
  for (let i = 0; i < 3 && s.includes("\uE000"); i++) s = s.replace(/\uE000(\d+)\uE000/g, (_m, n) => held[Number(n)]);
  return s;
}

/** A text object: mrkdwn or plain_text. */
export function textObject(t, names) {
  if (!t || typeof t !== "object") return "";
  return t.type === "mrkdwn" ? mrkdwn(t.text, names) : esc(t.text).replace(/\n/g, "<br>");
}

function button(el, blockId) {
  const cls = `sk-btn${el.style === "primary" ? " sk-btn-primary" : el.style === "danger" ? " sk-btn-danger" : ""}`;
  const label = esc(el.text?.text ?? "");
  const data = [
    `data-action-id="${esc(el.action_id ?? "")}"`,
    `data-block-id="${esc(blockId ?? "")}"`,
    el.value !== undefined ? `data-value="${esc(el.value)}"` : "",
    el.confirm ? `data-confirm="${esc(JSON.stringify(el.confirm))}"` : "",
  ]
    .filter(Boolean)
    .join(" ");
  if (el.url && SAFE_URL.test(el.url)) {
    return `<a class="${cls}" href="${esc(el.url)}" target="_blank" rel="noopener noreferrer" ${data}>${label}</a>`;
  }
  return `<button type="button" class="${cls}" ${data}>${label}</button>`;
}

function image(el, cls) {
  const src = typeof el.image_url === "string" && SAFE_URL.test(el.image_url) ? el.image_url : "";
  return `<img class="${cls}" src="${esc(src)}" alt="${esc(el.alt_text ?? "")}" loading="lazy">`;
}

/** An interactive element of an actions block or accessory. */
function element(el, blockId, names) {
  if (!el || typeof el !== "object") return "";
  if (el.type === "button") return button(el, blockId);
  if (el.type === "image") return image(el, "sk-accessory-img");
  if (el.type === "overflow") return `<button type="button" class="sk-btn sk-overflow" disabled>⋯</button>`;
  const placeholder = el.placeholder ? textObject(el.placeholder, names) : esc(String(el.type).replace(/_/g, " "));
  return `<span class="sk-select" title="${esc(el.type)}">${placeholder} ▾</span>`;
}

function richText(el) {
  if (!el || typeof el !== "object") return "";
  const inner = () => (Array.isArray(el.elements) ? el.elements.map(richText).join("") : "");
  switch (el.type) {
    case "text": {
      let h = esc(el.text).replace(/\n/g, "<br>");
      if (el.style?.code) h = `<code class="sk-code">${h}</code>`;
      if (el.style?.bold) h = `<b>${h}</b>`;
      if (el.style?.italic) h = `<i>${h}</i>`;
      if (el.style?.strike) h = `<s>${h}</s>`;
      return h;
    }
    case "link":
      return SAFE_URL.test(el.url ?? "")
        ? `<a href="${esc(el.url)}" target="_blank" rel="noopener noreferrer">${esc(el.text || el.url)}</a>`
        : esc(el.text || el.url);
    case "emoji":
      return esc(
        el.unicode ? String.fromCodePoint(...el.unicode.split("-").map((h) => parseInt(h, 16))) : `:${el.name}:`,
      );
    case "user":
      return `<span class="sk-mention">@${esc(el.user_id)}</span>`;
    case "channel":
      return `<span class="sk-mention">#${esc(el.channel_id)}</span>`;
    case "rich_text_section":
      return `<div>${inner()}</div>`;
    case "rich_text_list": {
      const tag = el.style === "ordered" ? "ol" : "ul";
      const items = (el.elements ?? []).map((x) => `<li>${richText(x)}</li>`).join("");
      return `<${tag}>${items}</${tag}>`;
    }
    case "rich_text_preformatted":
      return `<pre class="sk-pre">${inner()}</pre>`;
    case "rich_text_quote":
      return `<blockquote class="sk-quote">${inner()}</blockquote>`;
    default:
      return inner();
  }
}

/** One block as HTML. */
export function renderBlock(b, names) {
  if (!b || typeof b !== "object") return "";
  const id = b.block_id;
  switch (b.type) {
    case "header":
      return `<div class="sk-header">${textObject(b.text, names)}</div>`;
    case "section": {
      const text = b.text ? `<div class="sk-text">${textObject(b.text, names)}</div>` : "";
      const fields = Array.isArray(b.fields)
        ? `<div class="sk-fields">${b.fields.map((f) => `<div class="sk-field">${textObject(f, names)}</div>`).join("")}</div>`
        : "";
      const acc = b.accessory ? `<div class="sk-accessory">${element(b.accessory, id, names)}</div>` : "";
      return `<div class="sk-section"><div class="sk-section-body">${text}${fields}</div>${acc}</div>`;
    }
    case "context": {
      const els = (b.elements ?? []).map((el) =>
        el?.type === "image" ? image(el, "sk-context-img") : `<span>${textObject(el, names)}</span>`,
      );
      return `<div class="sk-context">${els.join("")}</div>`;
    }
    case "actions":
      return `<div class="sk-actions">${(b.elements ?? []).map((el) => element(el, id, names)).join("")}</div>`;
    case "divider":
      return `<hr class="sk-divider">`;
    case "image": {
      const title = b.title ? `<div class="sk-image-title">${textObject(b.title, names)}</div>` : "";
      return `<figure class="sk-image">${title}${image(b, "sk-image-img")}</figure>`;
    }
    case "markdown":
      return `<div class="sk-text">${mrkdwn(b.text, names)}</div>`;
    case "rich_text":
      return `<div class="sk-rich">${(b.elements ?? []).map(richText).join("")}</div>`;
    default:
      return `<div class="sk-other">[${esc(b.type)} block]</div>`;
  }
}

/** A message's blocks, or its text when it has none (as Slack does). */
export function renderMessage(msg, names) {
  if (Array.isArray(msg.blocks) && msg.blocks.length) return msg.blocks.map((b) => renderBlock(b, names)).join("");
  return `<div class="sk-text">${mrkdwn(msg.text ?? "", names)}</div>`;
}
