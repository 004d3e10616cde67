#!/usr/bin/env node
// The TypeScript sources run directly on Node >= 24 (type stripping).
const [major] = process.versions.node.split(".").map(Number);
if (major < 24) {
  process.stderr.write(`appsvc needs Node.js 24 or newer (this is ${process.version}).\n`);
  process.exit(1);
}
await import("../src/cli/bin.ts");
