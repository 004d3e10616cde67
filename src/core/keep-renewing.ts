// A lease held while work runs: renewed every `everyMs` until stopped. `onLost` runs once when a renewal
// says the lease is no longer ours (someone took it over), so the work can stop; an error (the store
// unreachable) is reported and the next renewal tries again, while the lease may still be live.

export interface Renewal {
  stop(): void;
}

export function keepRenewing(
  renew: () => Promise<boolean>,
  everyMs: number,
  on: { lost(): void; error(err: unknown): void },
): Renewal {
  let lost = false;
  const timer = setInterval(() => {
    renew().then(
      (ok) => {
        if (ok || lost) return;
        lost = true;
        clearInterval(timer);
        on.lost();
      },
      (err: unknown) => on.error(err),
    );
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
