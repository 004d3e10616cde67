// The bot scopes in code (what doctor expects, what the emulator grants) are exactly manifest.yml's.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BOT_SCOPES } from "../../src/slack/scopes.ts";

describe("bot scopes", () => {
  it("match manifest.yml's oauth_config.scopes.bot", async () => {
    const manifest = parse(await readFile(new URL("../../manifest.yml", import.meta.url), "utf8"));
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });
});
