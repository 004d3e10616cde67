// A versioned schema change. Versions only ever grow; an applied migration is never edited.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Checks the list is strictly increasing, so a bad edit fails at start rather than half-migrating. */
export function assertOrdered(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (i > 0 && m.version <= list[i - 1].version) throw new Error(`migration ${m.version} is out of order`);
  });
}
