// The simulated storage account's containers: staged blocks and committed block blobs. Block contents are
// never kept: only their size, a running hash and the first bytes, so a 1 GB dump costs the sim nothing.
import { createHash } from "node:crypto";

export interface StoredBlock {
  size: number;
  sha256: string;
  head: Buffer;
}

export interface CommittedBlob {
  size: number;
  blocks: number;
  contentType: string;
  /** First bytes of the first block (a dump starts with "MDMP"). */
  head: Buffer;
  committedAt: number;
  etag: string;
}

export class BlobStore {
  /** Containers that exist: "account/container". */
  readonly containers = new Set<string>(["simdumps/dumps"]);
  readonly #staged = new Map<string, Map<string, StoredBlock>>();
  readonly committed = new Map<string, CommittedBlob>();

  key(account: string, container: string, blob: string): string {
    return `${account}/${container}/${blob}`.toLowerCase();
  }

  hasContainer(account: string, container: string): boolean {
    return this.containers.has(`${account}/${container}`.toLowerCase());
  }

  /** Consumes `body` chunk by chunk and stages it as block `id`. */
  async stage(key: string, id: string, body: AsyncIterable<Buffer>): Promise<StoredBlock> {
    const hash = createHash("sha256");
    let size = 0;
    let head = Buffer.alloc(0);
    for await (const chunk of body) {
      hash.update(chunk);
      if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
      size += chunk.length;
    }
    const block = { size, sha256: hash.digest("hex"), head };
    let staged = this.#staged.get(key);
    if (!staged) {
      staged = new Map();
      this.#staged.set(key, staged);
    }
    staged.set(id, block);
    return block;
  }

  /** Commits the listed blocks in order; the id of a block that was never staged is returned instead. */
  commit(key: string, ids: string[], contentType: string, at: number): CommittedBlob | { missing: string } {
    const staged = this.#staged.get(key) ?? new Map<string, StoredBlock>();
    const missing = ids.find((id) => !staged.has(id));
    if (missing !== undefined) return { missing };
    const blocks = ids.map((id) => staged.get(id) as StoredBlock);
    const blob: CommittedBlob = {
      size: blocks.reduce((n, b) => n + b.size, 0),
      blocks: blocks.length,
      contentType,
      head: blocks[0]?.head ?? Buffer.alloc(0),
      committedAt: at,
      etag: `"0x${createHash("sha1")
        .update(`${key}|${at}|${ids.join(",")}`)
        .digest("hex")
        .slice(0, 15)
        .toUpperCase()}"`,
    };
    this.committed.set(key, blob);
    this.#staged.delete(key);
    return blob;
  }
}
