// Long synchronous loops (scoring 500 apps took ~300 ms at once) hold the event loop and every Slack
// ack behind them. A slicer lets such a loop yield once per ~`budgetMs` of work.

export const DEFAULT_SLICE_MS = 8;

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

/** `await slice()` inside a loop: yields (via `yieldTo`, default a setImmediate) once `budgetMs` has run. */
export function slicer(yieldTo: () => Promise<void> = nextTurn, budgetMs = DEFAULT_SLICE_MS): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await yieldTo();
    since = performance.now();
  };
}
