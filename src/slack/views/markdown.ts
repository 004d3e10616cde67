// Blocks → a markdown text file, for output too long for one message. Files are not parsed by Slack, so
// entities become characters again and any control sequence is broken (fileSafe).
import type { KnownBlock } from "@slack/types";
import { fileSafe } from "./escape.ts";

type TextLike = { text?: string } | undefined;
const txt = (t: TextLike): string => t?.text ?? "";

export function blocksToMarkdown(blocks: KnownBlock[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case "header":
        out.push(`# ${txt(b.text)}`);
        break;
      case "section": {
        const parts = [txt(b.text), ...(b.fields ?? []).map((f) => txt(f).replace(/\n/g, ": "))];
        out.push(parts.filter((p) => p).join("\n"));
        break;
      }
      case "context":
        out.push(`_${b.elements.map((e) => ("text" in e ? e.text : "")).join(" · ")}_`);
        break;
      case "actions":
        out.push(
          `Buttons: ${b.elements.map((e) => ("text" in e && e.text ? txt(e.text as TextLike) : "")).join(" · ")}`,
        );
        break;
      case "divider":
        out.push("---");
        break;
      default:
        break;
    }
  }
  return fileSafe(out.join("\n\n"));
}
