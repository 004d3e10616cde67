// The terminal side of the playground: one command and its answers (`npm run dev -- "<command>"`), or a
// prompt reading lines from stdin. A line is a /appsvc command, or one of the playground's own words below.
import { createInterface } from "node:readline";
import { messageLines } from "./blocks-text.ts";
import { MAX_RATE } from "./clock.ts";
import { PEOPLE } from "./demo-policy.ts";
import { clickButton, findButton, openHome, personNamed, sendCommand, waitIdle } from "./interact.ts";
import { Printer } from "./printer.ts";
import type { Playground } from "./world.ts";

export const REPL_WORDS = [
  "  <command>                 an /appsvc command (the /appsvc may be left out), e.g. status shop-api --window 3h",
  "  click <label>             presses the button with that label on the newest message that has one",
  "  as <name> <line>          one command or click as alice, bob or eve, e.g. as bob click approve",
  "  user <name>               who the following lines are sent as",
  "  home                      opens App Home (the bot publishes it) and prints it",
  "  clock ×<n> | clock +<m>m  runs simulated time n times faster (1–3600) | jumps m minutes ahead",
  "  wait <seconds>            prints what arrives meanwhile (a verification, a digest)",
  "  use <bot-url> | use socket | use in-process   which bot commands and clicks go to (a bot started by hand)",
];

export interface Terminal {
  run(line: string): Promise<void>;
  flush(): Promise<void>;
}

export function terminal(pg: Playground, print: (s: string) => void, outDir: string): Terminal {
  const printer = new Printer(pg.emu, print, outDir);
  let me = PEOPLE[0];

  async function run(raw: string): Promise<void> {
    let line = raw.trim().replace(/^\/appsvc\s*/, "");
    let who = me;
    const as = /^as\s+(\S+)\s+(.+)$/i.exec(line);
    if (as) {
      const p = personNamed(as[1]);
      if (!p) return print(`  no user "${as[1]}": use ${PEOPLE.map((x) => x.name).join(", ")}`);
      who = p;
      line = as[2].trim();
    }
    const user = /^user\s+(\S+)$/i.exec(line);
    const click = /^click\s+(.+)$/i.exec(line);
    const clock = /^clock\s+(?:[×x*](\d+(?:\.\d+)?)|\+(\d+)\s*m(?:in)?)$/i.exec(line);
    const wait = /^wait\s+(\d+(?:\.\d+)?)\s*s?$/i.exec(line);
    const use = /^use\s+(\S+)$/i.exec(line);
    if (!line) return;
    const busy = pg.bot.lifecycle.inFlight;
    if (use) {
      const to = use[1].toLowerCase();
      if (to === "in-process" || to === "socket") pg.target = { kind: to };
      else if (/^https?:\/\/[^\s]+$/.test(use[1])) pg.target = { kind: "http", url: use[1] };
      else
        return print("  use <http://host:port> (a bot in HTTP mode), use socket (SLACK_APP_TOKEN) or use in-process");
      return print(`  commands and clicks now go to ${to === "socket" ? "the Socket Mode connection" : use[1]}`);
    }
    if (user) {
      const p = personNamed(user[1]);
      if (!p) return print(`  no user "${user[1]}": use ${PEOPLE.map((x) => x.name).join(", ")}`);
      me = p;
      return print(`  now sending as ${p.name}, ${p.role}`);
    }
    if (click) {
      const hit = findButton(pg, click[1], who.id);
      if (!hit) return print(`  no message ${who.name} can see has a "${click[1]}" button`);
      print(`> ${who.name} clicks [${hit.label}]`);
      await clickButton(pg, hit.msg, hit.actionId, who.id);
    } else if (/^home$/i.test(line)) {
      await openHome(pg, who.id);
      await waitIdle(pg, busy);
      await new Promise((r) => setTimeout(r, 300));
      const view = pg.emu.store.views.get(who.id);
      const blocks = (view?.view.blocks as unknown[] | undefined) ?? [];
      print(`  App Home of ${who.name}:`);
      for (const l of messageLines({ blocks })) print(`    ${l}`);
      return;
    } else if (clock) {
      if (clock[1]) {
        const rate = Number(clock[1]);
        if (rate < 1 || rate > MAX_RATE) return print(`  the clock runs 1 to ${MAX_RATE} times faster`);
        pg.clock.setRate(rate);
      } else pg.clock.advance(Number(clock[2]) * 60_000);
      return print(`  simulated time ${new Date(pg.clock.now()).toISOString()}, ×${pg.clock.rate()}`);
    } else if (wait) {
      const until = performance.now() + Number(wait[1]) * 1000;
      while (performance.now() < until) {
        await new Promise((r) => setTimeout(r, 250));
        await printer.flush();
      }
      return;
    } else {
      const { ackMs } = await sendCommand(pg, line, who.id);
      print(`> ${who.name}: /appsvc ${line}   (acknowledged in ${Math.round(ackMs)} ms)`);
    }
    await waitIdle(pg, busy, click !== null);
    await printer.flush();
  }

  return { run, flush: () => printer.flush() };
}

/** Reads lines from stdin until it ends; messages that arrive between lines are printed as they come. */
export async function repl(pg: Playground, t: Terminal, print: (s: string) => void): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: "/appsvc " });
  let busy = false;
  const ticker = setInterval(() => {
    if (!busy) t.flush().catch((e: unknown) => print(`  failed: ${(e as Error).message}`));
  }, 500);
  let ended = false;
  rl.once("close", () => {
    ended = true;
  });
  rl.prompt();
  for await (const line of rl) {
    busy = true;
    await t.run(line).catch((e: unknown) => print(`  failed: ${(e as Error).message}`));
    busy = false;
    if (!ended) rl.prompt();
  }
  clearInterval(ticker);
  await waitIdle(pg, 0, true);
  await t.flush();
}
