// The bot's memory as a container sees it (`npm run bench memory`): the bot started as `npm start` starts it,
// in its own process, against the Azure simulator (500 apps, 2 subscriptions × 3 regions, its own process)
// and the Slack emulator (in this process), measured from outside through /proc/<pid>/status (VmRSS now,
// VmHWM the peak). Phases, in order: idle after start; three rounds of 500 `status` commands with charts
// (the leak check compares the third round with the second); a 500-app `digest now`; 20,000 mixed commands
// including junk; idle again once the workers have ended.
import { setTimeout as sleep } from "node:timers/promises";
import { startSlackEmulator } from "../src/sim/slack/server.ts";
import { type ProcMemory, startBotProcess } from "./bot-process.ts";
import { mixedCommands } from "./mixed-commands.ts";
import type { BenchResult } from "./run.ts";
import { simFleet, startSimProcess } from "./sim-process.ts";
import { median, percentile, round } from "./stats.ts";

/** MEMORY_BENCH_QUICK=1: a tenth of the commands and a short final wait (trying the bench out, not figures). */
const QUICK = Boolean(process.env.MEMORY_BENCH_QUICK);
const APPS = 500;
const LATENCY_MS = 50;
const STATUS_ROUND = QUICK ? 50 : 500;
const STATUS_CONCURRENCY = 8;
const MIXED = QUICK ? 2_000 : 20_000;
const MIXED_BATCH = 200;
const MIXED_CONCURRENCY = 20;
/** Quiet time before an "after" reading: answers posted, the event loop idle. */
const SETTLE_MS = 2_000;
/** Longer than the workers' idle timeouts, for the last reading. */
const IDLE_AGAIN_MS = QUICK ? 5_000 : 35_000;

export async function run(): Promise<BenchResult> {
  const sim = await startSimProcess([`fleet:${APPS}:2:3`, String(LATENCY_MS), "wall"]);
  const emu = await startSlackEmulator();
  const rows: BenchResult["rows"] = [];
  const notes: string[] = [];
  try {
    const apps = (await simFleet(sim).listApps()).map((a) => a.name);
    const t0 = performance.now();
    // MEMORY_BENCH_BOT_ENV='{"MALLOC_ARENA_MAX":"4"}': extra environment for the bot (trying knobs).
    const botEnv = JSON.parse(process.env.MEMORY_BENCH_BOT_ENV ?? "{}") as Record<string, string>;
    const bot = await startBotProcess(sim, emu, botEnv);
    if (Object.keys(botEnv).length) notes.push(`bot environment added: ${JSON.stringify(botEnv)}`);
    try {
      const startMs = performance.now() - t0;
      let channelSeq = 0;
      const channel = () => {
        const id = `C0M${(++channelSeq).toString(36).toUpperCase().padStart(6, "0")}`;
        emu.channels.add({ id, name: id.toLowerCase() });
        return id;
      };
      const quiet = async (timeoutMs = 300_000) => {
        const deadline = performance.now() + timeoutMs;
        // A failed /healthz read (a reset connection on this loaded machine) counts as busy.
        while ((await bot.inFlight().catch(() => 1)) > 0 && performance.now() < deadline) await sleep(50);
      };
      /** Resolves when a chart has been uploaded to `ch` (then drops its bytes from the emulator). */
      const chartIn = async (ch: string, timeoutMs = 60_000): Promise<boolean> => {
        const deadline = performance.now() + timeoutMs;
        while (performance.now() < deadline) {
          for (const f of emu.store.files.values()) {
            if (f.channel === ch && f.completed) {
              emu.store.files.delete(f.id);
              return true;
            }
          }
          await sleep(20);
        }
        return false;
      };
      const mem = () => bot.memory();
      // A connection reset on this loaded machine (a keep-alive socket closed as it was reused) is a lost ack,
      // counted, not the end of a twenty-minute run.
      let resets = 0;
      const command = (text: string, channelId: string) =>
        emu.driver.slashCommand(bot.url, { text, channelId }).catch((e: unknown) => {
          if ((e as { code?: string })?.code !== "ECONNRESET" && !/ECONNRESET/.test(String(e))) throw e;
          resets++;
          return { status: 0, ackMs: Number.NaN };
        });
      const mb = (n: number) => Math.round(n);
      const where = (m: ProcMemory) =>
        `${mb(m.split.file)} / ${mb(m.split.glibcHeap)} / ${mb(m.split.mimalloc)} / ${mb(m.split.otherAnon)}`;

      await sleep(5_000);
      const idle = mem();
      rows.push({
        phase: "idle after start (5 s)",
        rssMB: mb(idle.rssMB),
        peakMB: mb(idle.hwmMB),
        target: "≤ 120",
        where: where(idle),
      });

      // ---- status rounds ----
      let next = 0;
      const statusRound = async () => {
        bot.resetPeak();
        const answerMs: number[] = [];
        let missing = 0;
        let sent = 0;
        const worker = async () => {
          while (sent < STATUS_ROUND) {
            sent++;
            const ch = channel();
            const app = apps[next++ % apps.length];
            const t = performance.now();
            const ack = await command(`status ${app}`, ch);
            if (ack.status !== 200 || !(await chartIn(ch))) missing++;
            else answerMs.push(performance.now() - t);
          }
        };
        await Promise.all(Array.from({ length: STATUS_CONCURRENCY }, worker));
        await quiet();
        await sleep(SETTLE_MS);
        return { ...mem(), answerMs, missing };
      };
      const rounds = [];
      for (let i = 1; i <= 3; i++) rounds.push(await statusRound());
      const [r1, r2, r3] = rounds;
      rows.push({
        phase: `after ${STATUS_ROUND} status with charts (round 1)`,
        rssMB: mb(r1.rssMB),
        peakMB: mb(r1.hwmMB),
        target: "≤ 200",
        where: where(r1),
      });
      rows.push({ phase: "  after round 2", rssMB: mb(r2.rssMB), peakMB: mb(r2.hwmMB), where: where(r2) });
      const growth = (r3.rssMB / r2.rssMB - 1) * 100;
      rows.push({
        phase: "  after round 3 (leak check: vs round 2)",
        rssMB: mb(r3.rssMB),
        peakMB: mb(r3.hwmMB),
        target: "within 5 %",
        result: `${growth >= 0 ? "+" : ""}${round(growth, 1)} %`,
        where: where(r3),
      });
      const all = rounds.flatMap((r) => r.answerMs);
      notes.push(
        `status rounds: ${STATUS_CONCURRENCY} users at a time, each waits for its chart; command → chart uploaded median ${round(median(all))} ms, p99 ${round(percentile(all, 99))} ms; unanswered: ${rounds.map((r) => r.missing).join(" / ")}`,
      );

      // ---- digest ----
      const dch = channel();
      const reset = bot.resetPeak();
      let sampled = mem().rssMB;
      const sampler = setInterval(() => {
        sampled = Math.max(sampled, mem().rssMB);
      }, 25);
      const td = performance.now();
      await command("digest now", dch);
      await sleep(500);
      await quiet();
      const digestMs = performance.now() - td;
      clearInterval(sampler);
      const afterDigest = mem();
      const posted = emu.store.messages.filter((m) => m.channel === dch).length;
      rows.push({
        phase: `${APPS}-app digest (peak while it ran)`,
        rssMB: mb(afterDigest.rssMB),
        peakMB: mb(reset ? afterDigest.hwmMB : sampled),
        target: "peak ≤ 400",
        where: where(afterDigest),
      });
      notes.push(
        `digest: ${round(digestMs / 1000, 1)} s, ${posted} message(s) posted; peak from ${reset ? "VmHWM (reset before the digest)" : "VmRSS sampled every 25 ms"}, sampled max ${mb(sampled)} MB`,
      );
      await sleep(SETTLE_MS);

      // ---- mixed commands ----
      bot.resetPeak();
      const texts = mixedCommands(apps, MIXED);
      const acks: number[] = [];
      let non200 = 0;
      for (let b = 0; b < texts.length; b += MIXED_BATCH) {
        const batch = texts.slice(b, b + MIXED_BATCH);
        let i = 0;
        const worker = async () => {
          while (i < batch.length) {
            const text = batch[i++];
            const a = await command(text, channel());
            if (Number.isFinite(a.ackMs)) acks.push(a.ackMs);
            if (a.status !== 200) non200++;
          }
        };
        await Promise.all(Array.from({ length: MIXED_CONCURRENCY }, worker));
        await quiet();
        // The emulator keeps what was posted; only the bot is measured, but keep this process small too.
        for (const f of emu.store.files.values()) emu.store.files.delete(f.id);
      }
      await sleep(SETTLE_MS);
      const mixed = mem();
      rows.push({
        phase: `after ${MIXED.toLocaleString("en")} mixed commands (incl. junk)`,
        rssMB: mb(mixed.rssMB),
        peakMB: mb(mixed.hwmMB),
        target: "≤ 200 (steady)",
        where: where(mixed),
      });
      notes.push(
        `mixed: ack median ${round(median(acks))} ms, p99 ${round(percentile(acks, 99))} ms, non-200 acks ${non200} (of which connections reset: ${resets})`,
      );

      await sleep(IDLE_AGAIN_MS);
      const end = mem();
      rows.push({
        phase: `idle again (${IDLE_AGAIN_MS / 1000} s later)`,
        rssMB: mb(end.rssMB),
        peakMB: mb(end.hwmMB),
        where: where(end),
      });
      notes.push(
        `bot started (process spawn → listening) in ${round(startMs)} ms; rssMB = VmRSS at the end of the phase (after ${SETTLE_MS / 1000} s quiet), peakMB = VmHWM since the phase began (reset through /proc/<pid>/clear_refs; the idle row's is since start); where = resident MB in mapped files / glibc's main arena / resvg's mimalloc arena / other anonymous memory (V8 heaps, thread arenas, buffers)`,
      );
    } finally {
      const code = await bot.stop();
      if (code !== 0) notes.push(`the bot exited with code ${code}`);
    }
  } finally {
    await emu.close();
    await sim.close();
  }
  return {
    name: `Bot memory from outside (/proc/<pid>/status), ${APPS}-app fleet, Azure ${LATENCY_MS} ms per call`,
    rows,
    notes,
  };
}
