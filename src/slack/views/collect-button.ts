// The Collect button on status and diagnose: like Diagnose, it carries the app id and the window and answers in
// the thread of its message.
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
