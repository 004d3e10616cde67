import { LogLevel } from "@slack/bolt";
import { expect, it } from "vitest";
import { createLogger } from "../../src/log.ts";
import { boltLogger } from "../../src/slack/bolt-logger.ts";

it("Bolt's log lines go through our logger, scrubbed, with the level ours", () => {
  const lines: string[] = [];
  const log = createLogger({ level: "info", destination: { write: (s: string) => void lines.push(s) } });
  const bolt = boltLogger(log, "bolt");
  bolt.debug("not shown at info");
  bolt.warn("token", "xoxb-1234-abcdef", { a: 1 }, new Error("boom"));
  bolt.setLevel(LogLevel.DEBUG);
  bolt.debug("still not shown");
  expect(bolt.getLevel()).toBe(LogLevel.INFO);
  expect(lines).toHaveLength(1);
  const entry = JSON.parse(lines[0]);
  expect(entry).toMatchObject({ component: "bolt", level: 40 });
  expect(entry.msg).toBe('token [redacted] {"a":1} Error: boom');
});
