// Composition root: builds the adapters from the configuration and starts serving.
// The Slack front end (src/slack) plugs in here; until then the process serves /healthz.
import { createServer, type Server } from "node:http";
import { Lifecycle } from "./app/lifecycle.ts";
import type { Config } from "./config.ts";
import { healthHandler } from "./http/health.ts";
import type { Logger } from "./log.ts";

export interface RunningBot {
  port: number;
  lifecycle: Lifecycle;
  stop(deadlineMs: number): Promise<{ abandoned: number; errors: string[] }>;
}

export async function startBot(config: Config, deps: { log: Logger }): Promise<RunningBot> {
  const lifecycle = new Lifecycle();
  const startedAt = Date.now();
  const health = healthHandler(lifecycle, startedAt);
  const server: Server = createServer((req, res) => {
    if (req.method === "GET" && req.url?.split("?")[0] === "/healthz") return health(req, res);
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, resolve);
  });
  lifecycle.onClose({
    name: "http server",
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  deps.log.debug({ port }, "http server listening");
  return { port, lifecycle, stop: (deadlineMs) => lifecycle.shutdown(deadlineMs) };
}
