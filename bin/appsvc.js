#!/usr/bin/env node
// The TypeScript sources run directly on Node >= 24 (type stripping). On an older node, bin/node24.js finds or
// installs Node 24 (npm registry `node@24`, cached) and runs the CLI with it.
const [major] = process.versions.node.split(".").map(Number);
if (major < 24) {
  const { runWithNode24 } = await import("./node24.js");
  const { fileURLToPath } = await import("node:url");
  runWithNode24(["node", fileURLToPath(new URL("../src/cli/bin.ts", import.meta.url)), ...process.argv.slice(2)]);
} else {
  await import("../src/cli/bin.ts");
}
