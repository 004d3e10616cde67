// Splits a streamed JSON document of the shape `{"values": [e1, e2, …], …}` into the text of each object
// element of `values` as soon as it is complete, without parsing the rest. The batch metrics API answers
// ~20 MB for 50 sites over 24 h at PT1M; parsing one resource at a time keeps JSON.parse (native, fast)
// while holding a few hundred KB instead of the whole body and its parse tree (docs/memory.md). Pure.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Bytes of a top-level key kept for comparison: enough for "values". */
const KEY_LIMIT = 16;
const VALUES_KEY = Buffer.from("values");

export class ValuesSplitter {
  readonly #onElement: (json: string) => void;
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** A top-level key being read (bytes), then the key whose value comes next. */
  #key: number[] | undefined;
  #lastKey: Buffer | undefined;
  #afterColon = false;
  /** Inside the top-level `values` array. */
  #inValues = false;
  /** The current element's bytes from earlier chunks; undefined outside an element. */
  #parts: Buffer[] | undefined;
  #bytes = 0;
  #elements = 0;

  constructor(onElement: (json: string) => void) {
    this.#onElement = onElement;
  }

  /** Elements emitted so far. */
  get elements(): number {
    return this.#elements;
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.#bytes;
  }

  write(chunk: Buffer): void {
    this.#bytes += chunk.length;
    // The state in locals for the byte loop (private fields are slower to touch per byte).
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escaped;
    let start = this.#parts ? 0 : -1;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const b = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) {
          inString = false;
          if (this.#key) {
            this.#lastKey = Buffer.from(this.#key);
            this.#key = undefined;
          }
        } else if (this.#key && this.#key.length < KEY_LIMIT) this.#key.push(b);
        continue;
      }
      if (b === QUOTE) {
        inString = true;
        // A string at depth 1 that does not follow a colon is a key of the top-level object.
        if (depth === 1 && !this.#afterColon) this.#key = [];
      } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        depth++;
        if (depth === 2 && b === OPEN_ARRAY && this.#lastKey?.equals(VALUES_KEY)) this.#inValues = true;
        else if (depth === 3 && this.#inValues && b === OPEN_OBJECT) {
          this.#parts = [];
          start = i;
        }
      } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        if (depth === 3 && this.#parts && start >= 0) {
          this.#parts.push(chunk.subarray(start, i + 1));
          this.#emit();
          start = -1;
        } else if (depth === 2) this.#inValues = false;
        depth--;
        if (depth === 1) this.#afterColon = false;
      } else if (depth === 1) {
        if (b === COLON) this.#afterColon = true;
        else if (b === COMMA) this.#afterColon = false;
      }
    }
    this.#depth = depth;
    this.#inString = inString;
    this.#escaped = escaped;
    // The element goes on in the next chunk: keep its part of this one (a view, not a copy).
    if (this.#parts && start >= 0) this.#parts.push(chunk.subarray(start));
  }

  /** Throws when the document ended inside an element or a string (a cut-off body). */
  end(): void {
    if (this.#parts || this.#inString || this.#depth !== 0)
      throw new Error(`the response ended early (after ${this.#bytes} bytes, ${this.#elements} resources)`);
  }

  #emit(): void {
    const parts = this.#parts ?? [];
    this.#parts = undefined;
    this.#elements++;
    const text = parts.length === 1 ? parts[0].toString("utf8") : Buffer.concat(parts).toString("utf8");
    this.#onElement(text);
  }
}
