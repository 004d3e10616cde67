// SIGTERM / SIGINT → one bounded shutdown. Listening starts before the bot does: a platform may stop a
// replica it has just started, and by then the start may already hold a digest run it must hand back
// (the default action would end the process with the lease left to lapse).

import type { Logger } from "../log.ts";

export interface Stoppable {
  stop(deadlineMs: number): Promise<{ abandoned: number; errors: string[] }>;
}

export async function startUntilSignalled<B extends Stoppable>(
  start: () => Promise<B>,
  opts: { shutdownMs: number; log: Logger; exit?: (code: number) => void },
): Promise<B> {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let bot: B | undefined;
  let requested: string | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping || !bot) return;
    stopping = true;
    const { log } = opts;
    log.info({ signal }, "shutting down: finishing in-flight work");
    const { abandoned, errors } = await bot.stop(opts.shutdownMs);
    if (abandoned) log.warn({ abandoned }, "shutdown deadline reached with work still running");
    for (const e of errors) log.error({ error: e }, "error while closing");
    (log as { flush?: () => void }).flush?.();
    exit(errors.length ? 1 : 0);
  };
  const on = (signal: string) => () => {
    requested ??= signal;
    void stop(signal);
  };
  process.on("SIGTERM", on("SIGTERM"));
  process.on("SIGINT", on("SIGINT"));
  bot = await start();
  if (requested) void stop(requested);
  return bot;
}
