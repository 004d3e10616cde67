// Debian's Chromium driven by playwright-core, for the console's browser tests (`npm run test:browser`; CI
// installs the package with .ci/chromium). A fresh profile per launch, no network beyond loopback.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const SHOTS_DIR = join(process.cwd(), "test-artifacts", "console");

export async function launch(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), "appsvc-chromium-"));
  const context = await chromium
    .launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    })
    .catch((e: unknown) => {
      throw new Error(
        `Cannot start Chromium at ${CHROMIUM} (install the Debian package: apt-get install -y chromium, or run .ci/chromium; CHROMIUM_PATH overrides): ${e instanceof Error ? e.message : String(e)}`,
      );
    });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
