// Errors a person can act on: which role on which scope, when to retry, which call timed out. Unknown errors
// get a generic line and an id to find the log entry — never a stack trace or a raw message (secrets).
import type { KnownBlock } from "@slack/types";
import type { DomainErrorKind } from "../../core/errors.ts";
import type { AppRef } from "../../core/snapshot.ts";
import { context, finalize, packLines, section } from "./blocks.ts";
import { code, escapeMrkdwn } from "./escape.ts";
import { fmtDuration } from "./format.ts";
import type { SlackMessage } from "./types.ts";
import { appLabel, appPath } from "./vocabulary.ts";

export interface ErrorContext {
  verb: string;
  app?: string;
  /** Id the caller logged the error under; derived from the error when absent (errorIdFor). */
  errorId?: string;
}

interface DomainLike {
  kind: DomainErrorKind;
  userMessage: string;
  hint?: string;
  retryAfterSeconds?: number;
  call?: string;
  suggestions?: AppRef[];
}

const KINDS: DomainErrorKind[] = ["forbidden", "notFound", "throttled", "timeout", "unavailable", "invalid"];

/** DomainError by shape, so a copy from another module instance is still recognised. */
function asDomain(err: unknown): DomainLike | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const e = err as Partial<DomainLike>;
  return typeof e.kind === "string" && KINDS.includes(e.kind) && typeof e.userMessage === "string"
    ? (e as DomainLike)
    : undefined;
}

/** A short stable id for an unexpected error (FNV-1a of its name, message and verb), for the log line. */
export function errorIdFor(err: unknown, verb = ""): string {
  const e = err as { name?: unknown; message?: unknown } | undefined;
  const s = `${String(e?.name ?? "")}|${String(e?.message ?? err)}|${verb}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `E${h.toString(16).padStart(8, "0")}`;
}

const TITLES: Record<DomainErrorKind, string> = {
  forbidden: "🔒 Not allowed",
  notFound: "❓ Not found",
  throttled: "🐢 Azure is throttling the bot",
  timeout: "⌛ Azure did not answer in time",
  unavailable: "☁️ Azure is unavailable",
  invalid: "⚠️ Azure rejected the request",
};

const DEFAULT_HINTS: Record<DomainErrorKind, string> = {
  forbidden:
    "Grant the bot's identity *Reader* (reads) or *Website Contributor* (changes) on the app's resource group, or *Monitoring Reader* for metrics.",
  notFound: "The app may have been deleted or renamed; `/appsvc list` shows the apps I can see.",
  throttled: "Azure limits how many calls the bot may make; wait and try again.",
  timeout: "Azure may be slow right now; try again in a minute.",
  unavailable: "Check Azure status (`/appsvc health`) and try again shortly.",
  invalid: "This is probably a bug in the bot; the request was logged.",
};

export function errorView(err: unknown, ctx: ErrorContext): SlackMessage {
  const verb = escapeMrkdwn(ctx.verb || "request");
  const on = ctx.app ? ` for ${code(ctx.app)}` : "";
  const d = asDomain(err);
  if (!d) {
    const id = ctx.errorId ?? errorIdFor(err, ctx.verb);
    const text = `❗ Something went wrong with ${code(`/appsvc ${ctx.verb || ""}`.trim())}${on}; the error was logged with id ${code(id)}.`;
    return finalize(
      [section(text), context(["Nothing was changed. Try again, or tell whoever runs the bot the id above."])],
      `Something went wrong; the error was logged with id ${escapeMrkdwn(id)}.`,
    );
  }
  const lines = [`*${TITLES[d.kind]}* — ${verb}${on}`, escapeMrkdwn(d.userMessage, { multiline: true })];
  const hint = d.hint ? escapeMrkdwn(d.hint, { multiline: true }) : DEFAULT_HINTS[d.kind];
  lines.push(hint);
  if (d.kind === "throttled") {
    const s = d.retryAfterSeconds;
    lines.push(
      s !== undefined && Number.isFinite(s) && s >= 0 ? `Retry in *${fmtDuration(s * 1000)}*.` : "Retry in a minute.",
    );
  }
  if (d.call) lines.push(`${d.kind === "timeout" ? "The call that timed out" : "Call"}: ${code(d.call)}`);
  const blocks: KnownBlock[] = [section(lines.join("\n"))];
  if (d.kind === "notFound" && d.suggestions?.length) {
    blocks.push(
      ...packLines(
        d.suggestions.slice(0, 10).map((a) => `• ${code(appLabel(a))} → ${code(`/appsvc ${ctx.verb} ${appPath(a)}`)}`),
        "Did you mean:",
      ),
    );
  }
  blocks.push(context(["Nothing was changed."]));
  return finalize(blocks, `${TITLES[d.kind]}: ${escapeMrkdwn(d.userMessage)}`);
}
