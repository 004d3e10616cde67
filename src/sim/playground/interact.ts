// What a person does in the playground, shared by the terminal and the web console: send /appsvc as someone,
// click a button by its label (or action_id) as someone, open App Home; and wait until the bot is idle.
import type { StoredEphemeral, StoredMessage } from "../slack/store.ts";
import { buttonLabel, buttonsOf, labelKey } from "./blocks-text.ts";
import { CHANNEL, PEOPLE, type Person } from "./demo-policy.ts";
import type { Playground } from "./world.ts";

export function personNamed(name: string): Person | undefined {
  const key = name.toLowerCase().replace(/^@/, "");
  return PEOPLE.find((p) => p.name === key || p.id.toLowerCase() === key);
}

const urlOf = (pg: Playground) => (pg.target.kind === "http" ? pg.target.url : pg.botUrl);

export async function sendCommand(pg: Playground, text: string, user: string): Promise<{ ackMs: number }> {
  const cmd = { text, channelId: CHANNEL.id, userId: user };
  if (pg.target.kind === "socket") return pg.emu.driver.socketSlashCommand(cmd);
  const ack = await pg.emu.driver.slashCommand(urlOf(pg), cmd);
  if (ack.status !== 200) throw new Error(`the bot answered HTTP ${ack.status}: ${ack.body.slice(0, 200)}`);
  return { ackMs: ack.ackMs };
}

type Clickable = (StoredMessage | StoredEphemeral) & { blocks?: unknown[] };

/** The newest message this user sees that has a button matching `label` (its text or its action_id). */
export function findButton(
  pg: Playground,
  label: string,
  user: string,
): { msg: Clickable; actionId: string; label: string } | undefined {
  const key = labelKey(label);
  const store = pg.emu.store;
  const visible: Clickable[] = [
    ...store.messages.filter((m) => !m.deleted),
    ...store.ephemerals.filter((e) => !e.deleted && e.user === user),
  ].sort((a, b) => Number(b.ts) - Number(a.ts));
  for (const msg of visible) {
    const buttons = buttonsOf(msg.blocks);
    const hit =
      buttons.find((b) => labelKey(buttonLabel(b)) === key || b.action_id === label) ??
      buttons.find((b) => labelKey(buttonLabel(b)).startsWith(key));
    if (hit) return { msg, actionId: String(hit.action_id), label: buttonLabel(hit) };
  }
  return undefined;
}

export async function clickButton(pg: Playground, msg: Clickable, actionId: string, user: string): Promise<void> {
  const click = { channelId: msg.channel, messageTs: msg.ts, actionId, userId: user };
  if (pg.target.kind === "socket") {
    await pg.emu.driver.socketClickButton(click);
    return;
  }
  const res = await pg.emu.driver.clickButton(urlOf(pg), click);
  if (res.status !== 200) throw new Error(`the bot answered HTTP ${res.status}: ${res.body.slice(0, 200)}`);
}

export async function openHome(pg: Playground, user: string): Promise<void> {
  const event = { type: "app_home_opened", user, channel: `D0${user}`, tab: "home" };
  if (pg.target.kind === "socket") await pg.emu.driver.socketEvent(event);
  else await pg.emu.driver.event(urlOf(pg), event);
}

/**
 * Until what was just sent has been answered: the bot's in-flight work is back to where it was before (`before`),
 * or, after a click (`quiet`), the emulator saw no call for a moment: an approved change keeps a verification
 * watch running for minutes, whose messages are printed when they come. At most `timeoutMs`.
 */
export async function waitIdle(pg: Playground, before = 0, quiet = false, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let calls = pg.emu.calls.length;
  let quietSince = performance.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    if (pg.emu.calls.length !== calls) {
      calls = pg.emu.calls.length;
      quietSince = performance.now();
    }
    // A bot started by hand cannot be asked what it is doing: only the quiet rule applies to it.
    const inProcess = pg.target.kind === "in-process";
    if (inProcess && pg.bot.lifecycle.inFlight <= before) return;
    if ((quiet || !inProcess) && performance.now() - quietSince > QUIET_MS) return;
    if (performance.now() > deadline) return;
  }
}

const QUIET_MS = 1_500;
