// A deterministic stream of /appsvc command texts as a busy workspace sends them: reads of real apps, reads of
// apps that do not exist, help, refused writes, and junk (random bytes, very long text, markup, bad flags).
// Status with its chart is rare here: the memory bench measures charts in its own rounds.

/** Small seeded PRNG (mulberry32): the same stream every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789 -_./:<>&*@#`\"'\\|{}[]()!?=+~^%$€ü日本🙂\t";

export function mixedCommands(apps: string[], count: number, seed = 18): string[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const junk = (n: number) => Array.from({ length: n }, () => pick([...JUNK_CHARS])).join("");
  const app = () => pick(apps);
  const makers: Array<[number, () => string]> = [
    [14, () => junk(1 + Math.floor(r() * 60))],
    [2, () => `status ${junk(2000 + Math.floor(r() * 1000))}`],
    [3, () => `<script>${junk(20)}</script> <@U0BOT> <!channel> *${junk(8)}*`],
    [4, () => `status ${app()} --window ${pick(["99y", "0m", "-5h", "abc", "3h3h", ""])}`],
    [4, () => `${pick(["stauts", "diagnsoe", "lsit", "hepl", "restat", "metric"])} ${app()}`],
    [10, () => pick(["help", "", "help status", "help digest", "?", "h scale", "help nothing"])],
    [8, () => `list ${pick(["", "shop", "api", "0001", "zzz-no-match", "rg-westeurope-00"])}`],
    [10, () => `${pick(["status", "diagnose", "links", "health", "logs"])} ${app()}-missing`],
    [12, () => `links ${app()}${pick(["", " --slot staging", " --slot nope"])}`],
    [8, () => `health ${pick([app(), ""])}`],
    [5, () => `metrics ${app()} ${pick(["Http5xx", "Requests CpuPercentage", "Nonsense", ""])} --window 6h`],
    [5, () => `diagnose ${app()}`],
    [3, () => `logs ${app()} --window 30m`],
    [
      6,
      () =>
        `${pick(["restart", "stop", "scale", "autoheal", "healthcheck"])} ${app()} ${pick(["", "out 3", "up P1v3", "enable 5xx", "/healthz", "--soft"])}`,
    ],
    [3, () => pick(["digest list", "digest unsubscribe 123", "digest subscribe 25:00", "audit", "audit --days 400"])],
    [3, () => `status ${app()}`],
  ];
  const total = makers.reduce((s, [w]) => s + w, 0);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let x = r() * total;
    for (const [w, make] of makers) {
      x -= w;
      if (x < 0) {
        out.push(make());
        break;
      }
    }
  }
  return out;
}
