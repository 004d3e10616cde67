// Types of blocks.js (plain JavaScript served to the browser as is), for the tests that import it in Node.
export function esc(s: unknown): string;
export function mrkdwn(text: string, names?: (id: string) => string | undefined): string;
export function textObject(t: unknown, names?: (id: string) => string | undefined): string;
export function renderBlock(b: unknown, names?: (id: string) => string | undefined): string;
export function renderMessage(
  msg: { text?: string; blocks?: unknown[] },
  names?: (id: string) => string | undefined,
): string;
