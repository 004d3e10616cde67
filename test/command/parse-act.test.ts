import { describe, expect, it } from "vitest";
import { errorOf, intentOf, messageOf } from "./helpers.ts";

const app = { kind: "name", name: "shop-api" };

describe("restart", () => {
  it("restarts the app, a slot, softly", () => {
    expect(intentOf("restart shop-api")).toEqual({ verb: "restart", write: true, app, soft: false });
    expect(intentOf("rs shop-api --slot staging --soft")).toEqual({
      verb: "restart",
      write: true,
      app: { ...app, slot: "staging" },
      soft: true,
    });
  });

  it("reboots one instance", () => {
    expect(intentOf("restart shop-api --instance RD0003")).toEqual({
      verb: "restart",
      write: true,
      app,
      soft: false,
      instance: "RD0003",
    });
  });

  it("refuses --instance with --soft or --slot, and a bad instance ID", () => {
    expect(messageOf("restart a --instance RD1 --soft", "restart")).toBe(
      "--soft is not possible with --instance (it reboots one worker of the plan).",
    );
    expect(messageOf("restart a --instance RD1 -s x", "restart")).toBe(
      "--slot is not possible with --instance (it reboots one worker of the plan).",
    );
    expect(messageOf("restart a --instance RD/1", "restart")).toBe("“RD/1” is not an instance ID (e.g. RD0003).");
  });

  it("explains switch and value mistakes", () => {
    expect(messageOf("restart a --soft=yes", "restart")).toBe("--soft takes no value.");
    expect(messageOf("restart a --instance", "restart")).toBe("--instance needs a value, e.g. --instance RD0003.");
    expect(messageOf("restart a --soft --soft", "restart")).toBe("--soft is given twice.");
  });
});

describe.each(["start", "stop"] as const)("%s", (verb) => {
  it("takes an app and an optional slot", () => {
    expect(intentOf(`${verb} shop-api`)).toEqual({ verb, write: true, app });
    expect(intentOf(`${verb} shop-api -s staging`)).toEqual({ verb, write: true, app: { ...app, slot: "staging" } });
  });

  it("refuses extra words and --soft", () => {
    expect(messageOf(`${verb} a b`, verb)).toBe(`${verb} takes one app; unexpected “b”.`);
    expect(messageOf(`${verb} a --soft`, verb)).toBe(`Unknown option “--soft” for ${verb}. It takes --slot.`);
  });
});

describe("scale", () => {
  it("scales out to a count", () => {
    expect(intentOf("scale shop-api out 3")).toEqual({
      verb: "scale",
      write: true,
      app,
      direction: "out",
      instances: 3,
    });
    expect(intentOf("scale shop-api OUT 30")).toMatchObject({ instances: 30 });
  });

  it("scales up to a SKU, canonical case", () => {
    expect(intentOf("scale shop-api up p1mv3")).toEqual({
      verb: "scale",
      write: true,
      app,
      direction: "up",
      sku: "P1mv3",
    });
  });

  it.each([
    ["scale x out zero", "“zero” is not a whole number (the instance count is 1–30)."],
    ["scale x out 0", "“0” is too small: the instance count must be at least 1."],
    ["scale x out 31", "“31” is too large: the instance count can be at most 30."],
    ["scale x out -2", "“-2” is too small: the instance count must be at least 1."],
    ["scale x out", "scale out needs an instance count (1–30)."],
    ["scale x up", "scale up needs a SKU, e.g. P1v3."],
    ["scale x up Q9", "“Q9” is not an App Service plan SKU (e.g. S1, P1v3, P1mv3)."],
    ["scale x out 3 4", "scale takes an app, out and an instance count; unexpected “4”."],
    ["scale x", "scale needs a direction: out, up."],
    ["scale x otu 3", "Unknown direction “otu” for scale. Did you mean out?"],
    ["scale x sideways 3", "Unknown direction “sideways” for scale. Use out, up."],
    ["scale", "scale needs an app: a name (shop-api), rg/name or a resource ID."],
  ])("%s → %s", (text, message) => {
    expect(messageOf(text, "scale")).toBe(message);
  });

  it("suggests the direction", () => {
    expect(errorOf("scale x otu 3").suggestions).toEqual(["out"]);
  });
});

describe("healthcheck", () => {
  it("sets a path", () => {
    expect(intentOf("hc shop-api /healthz")).toEqual({ verb: "healthcheck", write: true, app, path: "/healthz" });
    expect(intentOf("healthcheck shop-api /api/health --slot staging")).toMatchObject({
      app: { slot: "staging" },
      path: "/api/health",
    });
  });

  it("explains a missing or bad path", () => {
    expect(messageOf("healthcheck shop-api", "healthcheck")).toBe("healthcheck needs a path, e.g. /healthz.");
    expect(messageOf("healthcheck shop-api healthz", "healthcheck")).toBe(
      "The health check path must start with “/” (got “healthz”), e.g. /healthz.",
    );
    expect(messageOf("healthcheck shop-api /a /b", "healthcheck")).toBe(
      "healthcheck takes an app and a path; unexpected “/b”.",
    );
  });
});

describe("autoheal", () => {
  it("shows (read-only) and disables", () => {
    expect(intentOf("autoheal shop-api show")).toEqual({ verb: "autoheal", write: false, app, action: "show" });
    expect(intentOf("ah shop-api disable")).toEqual({ verb: "autoheal", write: true, app, action: "disable" });
  });

  it.each([
    ["mem", "AH-MEM"],
    ["5xx", "AH-5XX"],
    ["slow", "AH-SLOW"],
    ["linux", "AH-LINUX"],
    ["AH-MEM", "AH-MEM"],
    ["ah-5xx", "AH-5XX"],
  ])("enable %s → %s", (word, preset) => {
    expect(intentOf(`autoheal shop-api enable ${word}`)).toEqual({
      verb: "autoheal",
      write: true,
      app,
      action: "enable",
      preset,
      params: {},
    });
  });

  it("reads preset parameters into typed values", () => {
    expect(intentOf("ah shop-api enable mem --private-bytes-kb 1468006 --min-process-time 10m")).toMatchObject({
      preset: "AH-MEM",
      params: { privateBytesKB: 1468006, minProcessTime: "00:10:00" },
    });
    expect(intentOf("ah shop-api enable 5xx --count 250 --interval 00:05:00 --status-codes 502-503")).toMatchObject({
      params: { count: 250, interval: "00:05:00", statusCodes: "502-503" },
    });
    expect(intentOf("ah shop-api enable slow --time-taken 00:01:00 --count=20")).toMatchObject({
      params: { timeTaken: "00:01:00", count: 20 },
    });
    expect(intentOf("ah shop-api enable slow-path --path /api/x")).toMatchObject({
      preset: "AH-SLOW-PATH",
      params: { path: "/api/x" },
    });
    expect(intentOf("ah shop-api enable linux --trigger SLOW")).toMatchObject({ params: { trigger: "slow" } });
  });

  it.each([
    ["ah x", "autoheal needs an action: show, enable, disable."],
    ["ah x enabel mem", "Unknown action “enabel” for autoheal. Did you mean enable?"],
    ["ah x enable", "autoheal enable needs a preset: mem, 5xx, slow, slow-path, linux."],
    ["ah x enable mme", "Unknown auto-heal preset “mme”. Did you mean mem?"],
    ["ah x enable slow-path", "AH-SLOW-PATH needs --path, e.g. --path /api/x."],
    ["ah x enable slow-path --path api/x", "--path must start with “/” (got “api/x”), e.g. /healthz."],
    ["ah x enable 5xx --count zero", "“zero” is not a whole number (--count is 1–2147483647)."],
    ["ah x enable 5xx --count 0", "“0” is too small: --count must be at least 1."],
    ["ah x enable slow --time-taken soon", "--time-taken “soon” is not a time span: use hh:mm:ss, e.g. 00:05:00."],
    ["ah x enable 5xx --status-codes 5xx", "--status-codes “5xx” is not a status code or range (e.g. 500-599 or 502)."],
    ["ah x enable linux --trigger mem", "Unknown trigger “mem” for --trigger. Use 5xx, slow."],
    [
      "ah x enable 5xx --private-bytes-kb 100",
      "--private-bytes-kb does not apply to AH-5XX; it takes --count, --interval, --status-codes, --min-process-time.",
    ],
    ["ah x show --count 3", "--count is only for autoheal enable."],
    ["ah x disable --count 3 --path /x", "--count, --path are only for autoheal enable."],
    ["ah x disable now", "autoheal takes an app and disable; unexpected “now”."],
    ["ah x enable mem extra", "autoheal takes an app, enable and a preset; unexpected “extra”."],
  ])("%s → %s", (text, message) => {
    expect(messageOf(text, "autoheal")).toBe(message);
  });

  it("suggests the closest parameter for a typo", () => {
    const e = errorOf("ah x enable 5xx --cuont 3");
    expect(e.message).toBe("Unknown option “--cuont” for autoheal. Did you mean --count?");
    expect(e.suggestions).toEqual(["--count"]);
  });
});
