// Test hook: parks the next request on a route as it arrives, until the test releases it, so a test can act
// while a call is in flight (kill -9 its caller). What happens on release is the test's choice:
// - "carryOut": Azure received the call (it is recorded at once, status 0 while parked) and does it, even
//   when the client has gone away meanwhile: a caller that dies does not undo a write ARM accepted.
// - "drop": the call never reached Azure: it is not recorded, nothing changes, the connection is cut.

export interface HoldSpec {
  /** Route id, e.g. "sites.restart". */
  route: string;
  method?: string;
  onRelease: "carryOut" | "drop";
}

export interface Hold {
  /** Resolves when a matching request is parked. */
  arrived: Promise<void>;
  release(): void;
  /** Resolves once the released request was handled ("carryOut") or dropped. */
  done: Promise<void>;
}

/** One parked request, as the pipeline sees it. */
export interface Parked {
  onRelease: HoldSpec["onRelease"];
  /** Signals the arrival and waits for the release. */
  park(): Promise<void>;
  /** The request was handled or dropped. */
  settle(): void;
}

interface Entry {
  spec: HoldSpec;
  taken: boolean;
  arrived: () => void;
  released: Promise<void>;
  release: () => void;
  settle: () => void;
}

export class HoldRegistry {
  #entries: Entry[] = [];

  add(spec: HoldSpec): Hold {
    const arrived = Promise.withResolvers<void>();
    const released = Promise.withResolvers<void>();
    const done = Promise.withResolvers<void>();
    this.#entries.push({
      spec,
      taken: false,
      arrived: arrived.resolve,
      released: released.promise,
      release: released.resolve,
      settle: done.resolve,
    });
    return { arrived: arrived.promise, release: released.resolve, done: done.promise };
  }

  /** The first unused hold matching the request (each parks one request). */
  take(route: string, method: string): Parked | undefined {
    const e = this.#entries.find(
      (x) => !x.taken && x.spec.route === route && (!x.spec.method || x.spec.method.toUpperCase() === method),
    );
    if (!e) return undefined;
    e.taken = true;
    return {
      onRelease: e.spec.onRelease,
      park: () => {
        e.arrived();
        return e.released;
      },
      settle: e.settle,
    };
  }

  /** Releases every parked request and forgets the holds. */
  clear(): void {
    for (const e of this.#entries) e.release();
    this.#entries = [];
  }
}
