// Prints what the playground's channel shows, whole: each new message and each edit as Slack renders its
// blocks (as text), ephemerals with whom they are for, thread replies marked, uploaded files written to a
// folder. `flush` prints only what it has not printed yet, so messages that arrive later (a verification,
// an expiry, a digest) are printed when they come.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SlackEmulator } from "../slack/server.ts";
import { messageLines } from "./blocks-text.ts";

export class Printer {
  readonly #emu: SlackEmulator;
  readonly #print: (s: string) => void;
  readonly #outDir: string;
  /** Message ts → how many of its edits were printed. */
  readonly #printed = new Map<string, number>();
  readonly #ephemerals = new Map<string, number>();
  readonly #files = new Set<string>();

  constructor(emu: SlackEmulator, print: (s: string) => void, outDir: string) {
    this.#emu = emu;
    this.#print = print;
    this.#outDir = outDir;
  }

  #who(id: string): string {
    return this.#emu.store.users.get(id)?.name ?? id;
  }

  #block(head: string, lines: string[]): void {
    this.#print(head);
    for (const l of lines) this.#print(`    ${l}`);
  }

  async flush(): Promise<void> {
    const store = this.#emu.store;
    for (const e of store.ephemerals) {
      const edits = e.updates.length;
      if (e.deleted || this.#ephemerals.get(e.ts) === edits) continue;
      const again = this.#ephemerals.has(e.ts);
      this.#ephemerals.set(e.ts, edits);
      this.#block(`  (only ${this.#who(e.user)} sees this${again ? ", updated" : ""})`, messageLines(e));
    }
    for (const m of store.messages) {
      const edits = m.updates.length;
      if (m.deleted || this.#printed.get(m.ts) === edits) continue;
      const again = this.#printed.has(m.ts);
      this.#printed.set(m.ts, edits);
      if (m.files?.length && !m.text && !m.blocks?.length) continue; // the file line below says it
      const inThread = m.thread_ts && m.thread_ts !== m.ts;
      const where = inThread ? `  #ops ↳ in the thread of ${m.thread_ts}` : "  #ops";
      this.#block(`${where} · ${this.#who(m.user)}${again ? " (edited)" : ""} · ts ${m.ts}`, messageLines(m));
    }
    const files = [...store.files.values()].filter((f) => f.completed && f.bytes && !this.#files.has(f.id));
    if (files.length) await mkdir(this.#outDir, { recursive: true });
    for (const f of files) {
      this.#files.add(f.id);
      const path = join(this.#outDir, `${f.id}-${f.name.replace(/[^A-Za-z0-9._-]+/g, "-")}`);
      await writeFile(path, f.bytes as Buffer);
      const where = f.thread_ts ? "in the thread" : "in #ops";
      this.#print(`  file "${f.title}" (${f.mimetype}, ${f.bytes?.length} bytes, ${where}) → ${path}`);
    }
  }
}
