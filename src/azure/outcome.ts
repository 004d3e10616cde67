// What became of a change the bot sent, from the Activity Log: every ARM write is logged with the client's
// `x-ms-correlation-request-id` as its correlationId (the bot sends the approval's), a "Started" entry then
// "Succeeded" or "Failed". Used when an executor died after sending a call (docs/faults.md).
import type { OperationOutcome, OutcomeQuery } from "../core/writer.ts";
import { collect, runCall } from "./call.ts";
import type { AzureClients } from "./clients.ts";
import { reason } from "./enrichment.ts";

interface Entry {
  eventTimestamp?: Date;
  status?: { value?: string };
  operationName?: { value?: string };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** One Activity Log read (subscription scope, filtered by correlation id); errors come back as `unknown`. */
export async function outcomeOf(
  clients: AzureClients,
  q: OutcomeQuery,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<OperationOutcome> {
  // The Activity Log refuses a correlation id with quotes; a stored id never has one, but stay safe.
  if (!/^[\w-]+$/.test(q.correlationId)) return { kind: "unknown", reason: "the correlation id is not valid" };
  const filter = `eventTimestamp ge '${iso(q.since - 60_000)}' and eventTimestamp le '${iso(q.until)}' and correlationId eq '${q.correlationId}'`;
  let entries: Entry[];
  try {
    entries = await runCall(
      {
        call: `activityLogs.list correlationId ${q.correlationId}`,
        action: "Microsoft.Insights/eventtypes/values/read",
        scope: `/subscriptions/${q.subscriptionId}`,
      },
      { timeoutMs: opts.timeoutMs, signal: opts.signal },
      (s) =>
        collect(
          clients
            .monitor(q.subscriptionId)
            .activityLogs.list(filter, { select: "eventTimestamp,operationName,status", abortSignal: s }),
        ),
    );
  } catch (e) {
    return { kind: "unknown", reason: reason(e) };
  }
  const byStatus = (st: string) =>
    entries
      .filter((e) => (e.status?.value ?? "").toLowerCase() === st)
      .sort((a, b) => (b.eventTimestamp?.getTime() ?? 0) - (a.eventTimestamp?.getTime() ?? 0))[0];
  const op = (e: Entry) => e.operationName?.value ?? "";
  const done = byStatus("succeeded");
  if (done) return { kind: "done", at: done.eventTimestamp?.getTime() ?? q.until, operation: op(done) };
  const failed = byStatus("failed") ?? byStatus("canceled") ?? byStatus("cancelled");
  if (failed)
    return {
      kind: "failed",
      at: failed.eventTimestamp?.getTime() ?? q.until,
      operation: op(failed),
      status: failed.status?.value ?? "Failed",
    };
  const started = byStatus("started") ?? byStatus("accepted");
  if (started) return { kind: "running", since: started.eventTimestamp?.getTime() ?? q.since, operation: op(started) };
  return { kind: "none" };
}
