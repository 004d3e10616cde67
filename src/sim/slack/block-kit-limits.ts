// Block Kit limit validation (Slack's Block Kit reference: docs.slack.dev/reference/block-kit), answering like Slack: a list of
// "[ERROR] <what> [json-pointer:/blocks/0/text/text]" strings for `response_metadata.messages`. Pure.

export type Surface = "message" | "home" | "modal";

/** chat.postMessage top-level `text` above this → msg_too_long. */
export const MAX_MESSAGE_TEXT = 40_000;

const BLOCK_TYPES = new Set([
  "actions",
  "context",
  "divider",
  "file",
  "header",
  "image",
  "input",
  "markdown",
  "rich_text",
  "section",
  "table",
  "video",
]);

const INTERACTIVE_TYPES = new Set([
  "button",
  "checkboxes",
  "channels_select",
  "conversations_select",
  "datepicker",
  "datetimepicker",
  "external_select",
  "multi_channels_select",
  "multi_conversations_select",
  "multi_external_select",
  "multi_static_select",
  "multi_users_select",
  "overflow",
  "radio_buttons",
  "static_select",
  "timepicker",
  "users_select",
  "workflow_button",
  "rich_text_input",
  "plain_text_input",
  "number_input",
  "email_text_input",
  "url_text_input",
]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const e = (msg: string, path: string): string => `[ERROR] ${msg} [json-pointer:${path}]`;

class Checker {
  readonly errors: string[] = [];

  add(msg: string, path: string): void {
    this.errors.push(e(msg, path));
  }

  maxLen(v: unknown, max: number, path: string): void {
    if (v === undefined) return;
    if (typeof v !== "string") this.add("must be a string", path);
    else if (v.length > max) this.add(`must be less than ${max + 1} characters`, path);
  }

  /** A composition text object; `plainOnly` for headers, buttons, titles. */
  text(v: unknown, max: number, path: string, opts: { plainOnly?: boolean; required?: boolean } = {}): void {
    if (v === undefined) {
      if (opts.required) this.add("must provide an object", path);
      return;
    }
    if (!isObj(v)) {
      this.add("must provide an object", path);
      return;
    }
    const allowed = opts.plainOnly ? ["plain_text"] : ["plain_text", "mrkdwn"];
    if (typeof v.type !== "string" || !allowed.includes(v.type)) {
      this.add(`must be one of: ${allowed.join(", ")}`, `${path}/type`);
    }
    if (typeof v.text !== "string") {
      this.add("must be a string", `${path}/text`);
      return;
    }
    if (v.text.length === 0) this.add("must be more than 0 characters", `${path}/text`);
    this.maxLen(v.text, max, `${path}/text`);
  }

  confirm(v: unknown, path: string): void {
    if (v === undefined) return;
    if (!isObj(v)) {
      this.add("must provide an object", path);
      return;
    }
    this.text(v.title, 100, `${path}/title`, { plainOnly: true, required: true });
    this.text(v.text, 300, `${path}/text`, { required: true });
    this.text(v.confirm, 30, `${path}/confirm`, { plainOnly: true, required: true });
    this.text(v.deny, 30, `${path}/deny`, { plainOnly: true, required: true });
  }

  /** An interactive element (button, select, …) in actions/section accessory/input. */
  element(v: unknown, path: string, allowImage = false): void {
    if (!isObj(v)) {
      this.add("must provide an object", path);
      return;
    }
    if (allowImage && v.type === "image") {
      this.image(v, path, false);
      return;
    }
    if (typeof v.type !== "string" || !INTERACTIVE_TYPES.has(v.type)) {
      this.add(`unsupported type: ${String(v.type)}`, `${path}/type`);
      return;
    }
    this.maxLen(v.action_id, 255, `${path}/action_id`);
    this.confirm(v.confirm, `${path}/confirm`);
    if (v.type === "button") {
      this.text(v.text, 75, `${path}/text`, { plainOnly: true, required: true });
      this.maxLen(v.value, 2000, `${path}/value`);
      this.maxLen(v.url, 3000, `${path}/url`);
      this.maxLen(v.accessibility_label, 75, `${path}/accessibility_label`);
      if (v.style !== undefined && v.style !== "primary" && v.style !== "danger") {
        this.add("must be one of: primary, danger", `${path}/style`);
      }
    }
    if (v.placeholder !== undefined) this.text(v.placeholder, 150, `${path}/placeholder`, { plainOnly: true });
    if (Array.isArray(v.options)) {
      const max = v.type === "overflow" ? 5 : v.type === "checkboxes" || v.type === "radio_buttons" ? 10 : 100;
      if (v.options.length > max) this.add(`no more than ${max} items allowed`, `${path}/options`);
      for (const [i, o] of v.options.entries()) {
        const p = `${path}/options/${i}`;
        if (!isObj(o)) {
          this.add("must provide an object", p);
          continue;
        }
        this.text(o.text, 75, `${p}/text`, { required: true });
        this.maxLen(o.value, 150, `${p}/value`);
      }
    }
  }

  image(v: Obj, path: string, isBlock: boolean): void {
    if (v.image_url === undefined && v.slack_file === undefined) this.add("must provide image_url or slack_file", path);
    this.maxLen(v.image_url, 3000, `${path}/image_url`);
    if (typeof v.alt_text !== "string") this.add("must provide a string", `${path}/alt_text`);
    this.maxLen(v.alt_text, 2000, `${path}/alt_text`);
    if (isBlock) this.text(v.title, 2000, `${path}/title`, { plainOnly: true });
  }

  elementsArray(v: unknown, min: number, max: number, path: string): unknown[] {
    if (!Array.isArray(v)) {
      this.add("must provide an array", path);
      return [];
    }
    if (v.length < min) this.add(`must provide at least ${min} items`, path);
    if (v.length > max) this.add(`no more than ${max} items allowed`, path);
    return v;
  }

  block(b: unknown, path: string, blockIds: Set<string>): void {
    if (!isObj(b)) {
      this.add("must provide an object", path);
      return;
    }
    if (typeof b.type !== "string" || !BLOCK_TYPES.has(b.type)) {
      this.add(`unsupported type: ${String(b.type)}`, `${path}/type`);
      return;
    }
    if (b.block_id !== undefined) {
      this.maxLen(b.block_id, 255, `${path}/block_id`);
      if (typeof b.block_id === "string") {
        if (blockIds.has(b.block_id)) this.add(`duplicate block_id: ${b.block_id}`, `${path}/block_id`);
        blockIds.add(b.block_id);
      }
    }
    switch (b.type) {
      case "section":
        if (b.text === undefined && b.fields === undefined) this.add("must provide either text or fields", path);
        this.text(b.text, 3000, `${path}/text`);
        if (b.fields !== undefined) {
          const fields = this.elementsArray(b.fields, 1, 10, `${path}/fields`);
          for (const [i, f] of fields.entries()) this.text(f, 2000, `${path}/fields/${i}`, { required: true });
        }
        if (b.accessory !== undefined) this.element(b.accessory, `${path}/accessory`, true);
        break;
      case "header":
        this.text(b.text, 150, `${path}/text`, { plainOnly: true, required: true });
        break;
      case "image":
        this.image(b, path, true);
        break;
      case "actions": {
        const els = this.elementsArray(b.elements, 1, 25, `${path}/elements`);
        const ids = new Set<string>();
        for (const [i, el] of els.entries()) {
          this.element(el, `${path}/elements/${i}`);
          const id = isObj(el) ? el.action_id : undefined;
          if (typeof id === "string") {
            if (ids.has(id)) this.add(`duplicate action_id: ${id}`, `${path}/elements/${i}/action_id`);
            ids.add(id);
          }
        }
        break;
      }
      case "context": {
        const els = this.elementsArray(b.elements, 1, 10, `${path}/elements`);
        for (const [i, el] of els.entries()) {
          const p = `${path}/elements/${i}`;
          if (isObj(el) && el.type === "image") this.image(el, p, false);
          else this.text(el, 3000, p, { required: true });
        }
        break;
      }
      case "markdown":
        if (typeof b.text !== "string") this.add("must provide a string", `${path}/text`);
        this.maxLen(b.text, 12_000, `${path}/text`);
        break;
      case "rich_text":
        this.elementsArray(b.elements, 0, Number.POSITIVE_INFINITY, `${path}/elements`);
        break;
      case "input":
        this.text(b.label, 2000, `${path}/label`, { plainOnly: true, required: true });
        this.text(b.hint, 2000, `${path}/hint`, { plainOnly: true });
        this.element(b.element, `${path}/element`);
        break;
    }
  }
}

/** Errors for a `blocks` array on a surface; empty when valid. */
export function validateBlocks(blocks: unknown, surface: Surface, base = "/blocks"): string[] {
  const c = new Checker();
  if (!Array.isArray(blocks)) {
    c.add("must provide an array", base);
    return c.errors;
  }
  const max = surface === "message" ? 50 : 100;
  if (blocks.length > max) c.add(`no more than ${max} items allowed`, base);
  const ids = new Set<string>();
  for (const [i, b] of blocks.entries()) c.block(b, `${base}/${i}`, ids);
  return c.errors;
}

/** Errors for a view (views.publish / views.open); empty when valid. */
export function validateView(view: unknown): string[] {
  const c = new Checker();
  if (!isObj(view)) {
    c.add("must provide an object", "/view");
    return c.errors;
  }
  if (view.type !== "home" && view.type !== "modal") c.add("must be one of: home, modal", "/view/type");
  c.maxLen(view.private_metadata, 3000, "/view/private_metadata");
  c.maxLen(view.callback_id, 255, "/view/callback_id");
  c.maxLen(view.external_id, 255, "/view/external_id");
  c.text(view.title, 24, "/view/title", { plainOnly: true, required: view.type === "modal" });
  c.text(view.submit, 24, "/view/submit", { plainOnly: true });
  c.text(view.close, 24, "/view/close", { plainOnly: true });
  const surface: Surface = view.type === "home" ? "home" : "modal";
  return [...c.errors, ...validateBlocks(view.blocks, surface, "/view/blocks")];
}
