// Memory-dump thread replies: progress while the dump streams to the blob container, then the link, size and
// duration. Pure.
import type { Proposal } from "../../approvals/proposal.ts";
import { finalize, section } from "./blocks.ts";
import { code, escapeMrkdwn, link } from "./escape.ts";
import { fmtBytes } from "./format.ts";
import type { SlackMessage } from "./types.ts";

type DumpOp = Extract<Proposal["operation"], { op: "memoryDump" }>;

const opOf = (p: Proposal): DumpOp | undefined => (p.operation.op === "memoryDump" ? p.operation : undefined);

export function dumpProgressView(p: Proposal, bytes: number): SlackMessage {
  const op = opOf(p);
  const of = op && op.estimateBytes > 0 ? ` of about ${fmtBytes(op.estimateBytes)}` : "";
  const pct = op && op.estimateBytes > 0 ? ` (${Math.min(99, Math.floor((bytes / op.estimateBytes) * 100))} %)` : "";
  const text = `⏳ Streaming the dump of ${escapeMrkdwn(op ? `${op.process} (PID ${op.pid}) on ${op.instance}` : "the process")} to the dumps container: ${fmtBytes(bytes)}${of}${pct}…`;
  return finalize([section(text)], text);
}

export function dumpDoneView(p: Proposal, dump: { url: string; bytes: number; ms: number }): SlackMessage {
  const op = opOf(p);
  const secs = (dump.ms / 1000).toFixed(1);
  const what = escapeMrkdwn(op ? `${op.process} (PID ${op.pid}) on ${op.instance}` : "the process");
  const text = `✅ Dump of ${what} written: ${link(dump.url, op?.blobName ?? "the blob")}, ${fmtBytes(dump.bytes)} in ${secs} s. Open it with a debugger (WinDbg, Visual Studio, dotnet-dump analyze); the blob URL needs your own Azure sign-in.`;
  const plainText = `Dump of ${op?.process ?? "the process"} written: ${op?.blobName ?? dump.url}, ${fmtBytes(dump.bytes)} in ${secs} s.`;
  return finalize([section(text), section(`Blob: ${code(dump.url)}`)], escapeMrkdwn(plainText));
}
