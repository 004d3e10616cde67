// The web console in a real browser against the real playground (Azure simulator, Slack emulator, bot): what a
// person sees and does. Screenshots go to test-artifacts/console/ (gitignored).
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleServer, startConsole } from "../../../../src/sim/playground/console/server.ts";
import { type Playground, startPlayground } from "../../../../src/sim/playground/world.ts";
import { launch, SHOTS_DIR } from "./browser.ts";

let pg: Playground;
let web: ConsoleServer;
let browser: Awaited<ReturnType<typeof launch>>;
let page: Page;

beforeAll(async () => {
  pg = await startPlayground({ LOG_LEVEL: "warn" });
  web = await startConsole(pg);
  browser = await launch();
  page = await browser.context.newPage();
  await mkdir(SHOTS_DIR, { recursive: true });
  await page.goto(`${web.url}?user=U0ALICE`);
  await page.locator("#user option").first().waitFor({ state: "attached" });
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await pg?.close();
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage: false });

async function command(text: string): Promise<void> {
  await page.locator("#input").fill(text);
  await page.locator("#input").press("Escape");
  await page.locator("#send").click();
}

/** The newest channel message whose text contains `text`. */
const message = (text: string) => page.locator("#channel .msg", { hasText: text }).last();

describe("web console", () => {
  it("suggests /appsvc verbs and apps in the command box", async () => {
    await page.locator("#input").fill("/");
    await expect.poll(() => page.locator("#suggest li").count()).toBeGreaterThan(10);
    await page.locator("#input").fill("/appsvc sta");
    await expect.poll(() => page.locator("#suggest li").first().textContent()).toContain("status <app>");
    await page.locator("#input").press("Tab");
    expect(await page.locator("#input").inputValue()).toBe("/appsvc status ");
    await page.locator("#input").pressSequentially("sho");
    await expect.poll(() => page.locator("#suggest li").first().textContent()).toContain("shop-api");
    await page.locator("#input").fill("");
  });

  it("status renders Block Kit like Slack, with the chart image in the thread", async () => {
    await command("/appsvc status shop-api --window 3h");
    const status = message("Likely cause");
    await status.waitFor({ timeout: 30_000 });
    expect(await status.locator(".sk-header").textContent()).toContain("shop-api");
    expect(await status.locator(".sk-fields .sk-field").count()).toBeGreaterThan(2);
    await expect.poll(() => status.locator("button.sk-btn-primary").textContent()).toBe("Restart");
    await status.locator(".replies").click();
    const img = page.locator("#thread-body .file img");
    await img.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => img.evaluate((el) => Reflect.get(el, "complete") && Reflect.get(el, "naturalWidth")))
      .toBeGreaterThan(600);
    await shot("status-with-chart");
  });

  it("a restart requested by alice is approved by bob; the verification appears in the thread", async () => {
    await page.locator("#thread-close").click();
    await expect.poll(() => page.locator("#thread").isVisible()).toBe(false);
    await message("Likely cause").locator("button", { hasText: "Restart" }).click();
    const proposal = message("Proposed change: Restart shop-api");
    await proposal.waitFor({ timeout: 30_000 });
    // Alice may not approve her own request (two-person rule): she is told so, only she sees it.
    await proposal.locator("button", { hasText: "Approve" }).click();
    await page.locator("#channel .msg.ephemeral", { hasText: "Two-person rule" }).waitFor({ timeout: 15_000 });
    await page.locator("#user").selectOption("U0BOB");
    await expect.poll(() => page.locator("#channel .msg.ephemeral").count()).toBe(0); // alice's ephemerals are hers
    await page.locator("[data-rate='600']").click();
    await proposal.locator("button", { hasText: "Approve" }).click();
    await proposal.getByText("approved by").waitFor({ timeout: 30_000 });
    await proposal.locator(".replies").click();
    await page.locator("#thread-body .msg", { hasText: "recovered" }).waitFor({ timeout: 60_000 });
    await page.locator("[data-rate='1']").click();
    await shot("restart-approved-verified");
  });

  it("digest now renders the fleet digest", async () => {
    await page.locator("#thread-close").click();
    await command("/appsvc digest now");
    const digest = page.locator("#channel .msg", { hasText: "Diagnose" }).filter({ hasText: "digest" }).last();
    await digest.waitFor({ timeout: 60_000 });
    expect(await digest.locator(".sk-header").count()).toBeGreaterThan(0);
    expect(await page.locator("#thread").isVisible()).toBe(false);
    await digest.evaluate((el) => el.scrollIntoView({ block: "start" }));
    await shot("digest-now");
  });

  it("diagnose attaches its report as a text file, previewed in the thread", async () => {
    await command("/appsvc diagnose checkout-web --window 3h");
    const answer = message("checkout-web").filter({ hasText: "Diagnos" }).last();
    await answer.locator(".replies").waitFor({ timeout: 60_000 });
    await answer.locator(".replies").click();
    const preview = page.locator("#thread-body .file pre").last();
    await preview.waitFor({ timeout: 30_000 });
    expect(await preview.textContent()).toContain("checkout-web");
    await page.locator("#thread-close").click();
  });

  it("a typo gets its did-you-mean", async () => {
    await command("/appsvc stauts shop-api");
    const answer = page.locator("#channel .msg.ephemeral", { hasText: "Did you mean" }).last();
    await answer.waitFor({ timeout: 15_000 });
    await answer.evaluate((el) => el.scrollIntoView({ block: "end" }));
    expect(await answer.locator("code", { hasText: "status" }).count()).toBeGreaterThan(0);
    await shot("typo");
  });

  it("App Home shows the bot's home tab for the chosen user", async () => {
    await page.locator("#nav-home").click();
    await expect
      .poll(() => page.locator("#home .sk-header, #home .sk-section").count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await shot("app-home");
    await page.locator("#nav-channel").click();
  });
});
