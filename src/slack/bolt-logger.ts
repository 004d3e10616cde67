// Bolt's and web-api's Logger interface over pino, so their lines carry our fields and pass the same secret
// scrubbing (log.ts) as everything else. The level is ours (LOG_LEVEL); Bolt cannot change it.
import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "../log.ts";

function text(parts: unknown[]): string {
  return parts
    .map((p) => {
      if (typeof p === "string") return p;
      if (p instanceof Error) return `${p.name}: ${p.message}`;
      try {
        return JSON.stringify(p);
      } catch {
        return String(p);
      }
    })
    .join(" ");
}

function slackLevel(level: string): LogLevel {
  if (level === "debug" || level === "trace") return LogLevel.DEBUG;
  if (level === "info") return LogLevel.INFO;
  if (level === "warn") return LogLevel.WARN;
  return LogLevel.ERROR;
}

export function boltLogger(log: Logger, component: string): SlackLogger {
  let child = log.child({ component });
  // Formatting is skipped for disabled levels: Bolt and web-api log debug lines on every request.
  const at =
    (level: "debug" | "info" | "warn" | "error") =>
    (...m: unknown[]) => {
      if (child.isLevelEnabled(level)) child[level](text(m));
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    setLevel: () => undefined,
    getLevel: () => slackLevel(log.level),
    setName: (name: string) => {
      child = log.child({ component: name });
    },
  };
}
