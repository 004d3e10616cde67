// A module next to the caller, with the caller's own extension: `.ts` when the sources run directly (tests,
// the playground), `.js` when the bot runs compiled from dist/ (`npm start`, the image; docs/memory.md). Worker
// entry points are the only modules loaded by path rather than by import, so the compiler cannot rewrite them.
import { extname } from "node:path";

export function siblingModule(name: string, callerUrl: string): URL {
  const ext = extname(new URL(callerUrl).pathname) || ".ts";
  return new URL(`./${name}${ext}`, callerUrl);
}
