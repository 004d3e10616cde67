// Writes a sample digest for a human to look at: `node test/digests/write-samples.ts`. A simulated fleet of
// 60 apps (8 incident scenarios among them) on the Azure simulator, read through the real SDKs; out:
// out/digest/digest-blocks.json (the message), digest-file.md (the attachment), fleet-chart.png.
import { mkdirSync, writeFileSync } from "node:fs";
import { renderFleetChart } from "../../src/charts/index.ts";
import { buildDigest } from "../../src/digests/build-digest.ts";
import { manualClock } from "../../src/sim/azure/fleet.ts";
import { generateFleet } from "../../src/sim/azure/scenarios/index.ts";
import { digestView } from "../../src/slack/views/digest.ts";
import { armFleetFor, startSim } from "../azure/harness.ts";

const dir = new URL("../../out/digest/", import.meta.url);
mkdirSync(dir, { recursive: true });
const now = Date.UTC(2026, 5, 2, 7, 0);
const world = generateFleet(manualClock(now), {
  apps: 60,
  subscriptions: ["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"],
  regions: ["West Europe", "North Europe"],
  incidents: 8,
});
const sim = await startSim(world);
try {
  const digest = await buildDigest({
    fleet: armFleetFor(sim, world),
    store: { listAudit: async () => [] },
    scope: () => true,
    now,
    timeZone: "Europe/Berlin",
    history: true,
  });
  const message = digestView(digest);
  writeFileSync(
    new URL("digest-blocks.json", dir),
    `${JSON.stringify({ text: message.text, blocks: message.blocks }, null, 2)}\n`,
  );
  if (message.file) writeFileSync(new URL("digest-file.md", dir), message.file.content);
  writeFileSync(new URL("fleet-chart.png", dir), await renderFleetChart(digest.chart));
  console.log(
    `wrote ${new URL(".", dir).pathname}: ${message.blocks.length} blocks, chart of ${digest.chart.apps.length} apps`,
  );
} finally {
  await sim.close();
}
