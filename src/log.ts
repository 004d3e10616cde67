// Structured logging. JSON in production, pretty in a terminal. Secrets never reach the output:
// known paths are redacted by pino, and every string is scrubbed for token shapes as a second net,
// because an SDK error message or a URL can carry a token where no path rule would look.
import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

const SECRET_PATTERNS: RegExp[] = [
  /xox[abposre]-[A-Za-z0-9-]+/g, // Slack bot/user/config tokens
  /xapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, // Authorization headers
  /(postgres(?:ql)?:\/\/[^:/\s]+:)[^@\s]+(@)/gi, // passwords in connection strings
  /((?:AccountKey|SharedAccessKey|Password|pwd)=)[^;\s]+/gi, // key=value connection strings
];

/** Replaces every token-shaped substring with a marker. Pure; exported for tests and for error texts shown to users. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const re of SECRET_PATTERNS) {
    out = out.replace(re, (_m, pre?: string, post?: string) =>
      typeof pre === "string" && pre.length < 40 && typeof post === "string"
        ? `${pre}[redacted]${post}`
        : typeof pre === "string" && pre.length < 40
          ? `${pre}[redacted]`
          : "[redacted]",
    );
  }
  return out;
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubSecrets(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: scrubSecrets(value.message), stack: value.stack && scrubSecrets(value.stack) };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out;
}

const REDACT_PATHS = [
  "token",
  "botToken",
  "appToken",
  "signingSecret",
  "password",
  "authorization",
  "headers.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "request.headers.authorization",
  "*.token",
  "*.botToken",
  "*.appToken",
  "*.signingSecret",
  "*.password",
  "*.authorization",
  "*.connectionString",
  "connectionString",
  "databaseUrl",
  "*.databaseUrl",
  "config.slack",
];

export interface LogOptions {
  level?: string;
  /** Pretty output for a person at a terminal; JSON otherwise. Defaults to stdout being a TTY. */
  pretty?: boolean;
  /** For tests: where the JSON lines go. */
  destination?: DestinationStream;
}

export function createLogger(opts: LogOptions = {}): Logger {
  const options = {
    level: opts.level ?? "info",
    base: { service: "appsvc-bot" },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    formatters: {
      log: (obj: Record<string, unknown>) => scrubDeep(obj) as Record<string, unknown>,
    },
    hooks: {
      // The message string is not covered by `formatters.log`.
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === "string" ? scrubSecrets(a) : a)),
        );
      },
    },
  };
  if (opts.destination) return pino(options, opts.destination);
  const pretty = opts.pretty ?? (process.stdout.isTTY === true && process.env.NODE_ENV !== "production");
  if (pretty) {
    try {
      return pino({ ...options, transport: { target: "pino-pretty", options: { colorize: true } } });
    } catch {
      // pino-pretty is a dev dependency: a production image has JSON only.
    }
  }
  return pino(options);
}

/** A child logger scoped to one request: command id, user, channel, app. */
export function requestLogger(
  log: Logger,
  ctx: { commandId: string; user?: string; channel?: string; app?: string },
): Logger {
  return log.child(ctx);
}
