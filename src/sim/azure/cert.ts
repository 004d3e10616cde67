// A self-signed TLS certificate made at start (the SDKs refuse bearer tokens over http). It is its own CA
// (basicConstraints CA:TRUE) so clients can trust it via `tlsOptions.ca` or NODE_EXTRA_CA_CERTS.
// One certificate per process: generating a key is the slow part of starting a simulator.

import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface SimCert {
  key: string;
  cert: string;
}

let pending: Promise<SimCert> | undefined;

export function simCertificate(): Promise<SimCert> {
  pending ??= (async () => {
    const notBeforeDate = new Date(Date.now() - 24 * 3600_000);
    const notAfterDate = new Date(Date.now() + 365 * 24 * 3600_000);
    const pems = await generate([{ name: "commonName", value: "localhost" }], {
      keyType: "ec",
      curve: "P-256",
      algorithm: "sha256",
      notBeforeDate,
      notAfterDate,
      extensions: [
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", digitalSignature: true, keyCertSign: true, critical: true },
        { name: "extKeyUsage", serverAuth: true },
        {
          name: "subjectAltName",
          altNames: [
            { type: 2, value: "localhost" },
            { type: 7, ip: "127.0.0.1" },
          ],
        },
      ],
    });
    return { key: pems.private, cert: pems.cert };
  })();
  return pending;
}

/** Writes the PEM to a fresh temp file (for NODE_EXTRA_CA_CERTS); returns its path and a remover. */
export async function writeCaFile(pem: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = join(tmpdir(), `appsvc-azure-sim-${randomUUID()}.pem`);
  await writeFile(path, pem, { mode: 0o644 });
  return { path, remove: () => rm(path, { force: true }) };
}
