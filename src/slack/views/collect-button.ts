// The Collect button on status and diagnose (like Diagnose, it carries the app id and the window and answers in
// the thread of its message), and the Dump button on collect's process table (it opens a dump proposal).
import type { Button } from "@slack/types";
import { button, LIMITS } from "./blocks.ts";

export const COLLECT_ACTION = "appsvc_collect";

export function collectButton(appId: string, windowMs: number): Button {
  const value = JSON.stringify({ appId, windowMs });
  return button({
    text: "Collect",
    actionId: COLLECT_ACTION,
    value: value.length <= LIMITS.buttonValue ? value : JSON.stringify({ windowMs }),
  });
}

export const DUMP_ACTION = "appsvc_dump";

/** "Dump w3wp on RD0003": the value names the process by PID, re-read when the proposal is made. */
export function dumpButton(appId: string, instance: string, name: string, pid: number): Button {
  return button({
    text: `Dump ${name} on ${instance}`,
    actionId: DUMP_ACTION,
    value: JSON.stringify({ appId, instance, pid }).slice(0, LIMITS.buttonValue),
  });
}
