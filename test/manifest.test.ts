// manifest.yml must validate against Slack's published manifest schema (vendored copy, v1.0.0).
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// Vendored from slackapi/manifest-schema (schemas/manifest.schema.1.0.0.json): validation works offline.
const schemaPath = new URL("./fixtures/slack-manifest.schema.1.0.0.json", import.meta.url);

function validator() {
  const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
  // strict: false — the schema uses the non-standard keywords "_note" and "regex" and format "uri".
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

const manifest = parse(readFileSync(new URL("../manifest.yml", import.meta.url), "utf8"));

describe("manifest.yml", () => {
  it("validates against Slack's manifest JSON Schema", () => {
    const validate = validator();
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("the schema really rejects a broken manifest (the check can fail)", () => {
    const validate = validator();
    const broken = structuredClone(manifest);
    broken.features.slash_commands[0].command = "appsvc";
    delete broken.settings.interactivity.is_enabled;
    expect(validate(broken)).toBe(false);
    expect(JSON.stringify(validate.errors)).toMatch(/pattern|is_enabled/);
  });

  it("asks for least-privilege bot scopes only", () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(
      // *:history: finding its own message after a post whose answer was lost, before posting again.
      [
        "channels:history",
        "chat:write",
        "commands",
        "files:write",
        "groups:history",
        "usergroups:read",
        "users:read",
      ].sort(),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(["app_home_opened"]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});
