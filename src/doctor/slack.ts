// Slack: is the bot token valid (auth.test), does it carry every scope manifest.yml asks for (Slack lists the
// granted ones in the x-oauth-scopes header of every answer), is the signing secret set for HTTP mode, and does
// the app-level token open a Socket Mode connection (apps.connections.open, which only hands out a URL).
import type { Config } from "../config.ts";
import { BOT_SCOPES } from "../slack/scopes.ts";
import { type Check, fail, pass } from "./check.ts";
import { callJson } from "./http.ts";

interface SlackAnswer {
  ok?: boolean;
  error?: string;
  user?: string;
  team?: string;
  team_id?: string;
  url?: string;
}

async function slackCall(apiUrl: string, method: string, token: string) {
  const a = await callJson(`${apiUrl.replace(/\/*$/, "/")}${method}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
    body: "",
  });
  const scopes = String(a.headers["x-oauth-scopes"] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return { body: (a.body ?? {}) as SlackAnswer, scopes, status: a.status };
}

const REINSTALL =
  "add them under OAuth & Permissions → Bot Token Scopes (or paste manifest.yml again), then reinstall the app to the workspace";

export async function slackChecks(slack: Config["slack"]): Promise<Check[]> {
  const checks: Check[] = [];
  try {
    const auth = await slackCall(slack.apiUrl, "auth.test", slack.botToken);
    if (auth.body.ok) {
      checks.push(
        pass(
          "Slack bot token",
          `valid: @${auth.body.user ?? "?"} in ${auth.body.team ?? "?"} (${auth.body.team_id ?? "?"})`,
        ),
      );
      const missing = BOT_SCOPES.filter((s) => !auth.scopes.includes(s));
      const extra = auth.scopes.filter((s) => !BOT_SCOPES.includes(s));
      const more = extra.length ? `; also granted: ${extra.join(", ")}` : "";
      checks.push(
        missing.length
          ? fail(
              "Slack scopes",
              `missing ${missing.join(", ")} (granted: ${auth.scopes.join(", ") || "none"})`,
              `${REINSTALL}.`,
            )
          : pass("Slack scopes", `all ${BOT_SCOPES.length} of manifest.yml granted${more}`),
      );
    } else {
      const error = auth.body.error ?? `HTTP ${auth.status}`;
      checks.push(
        fail(
          "Slack bot token",
          `auth.test answered ${error}`,
          error === "invalid_auth" || error === "token_revoked" || error === "account_inactive"
            ? "set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-…) from OAuth & Permissions; reinstall the app if it was revoked"
            : `check SLACK_API_URL (${slack.apiUrl}) and SLACK_BOT_TOKEN`,
        ),
      );
      checks.push(fail("Slack scopes", "unknown: the bot token did not work", "fix the bot token first"));
    }
  } catch (e) {
    checks.push(
      fail(
        "Slack bot token",
        `Slack's Web API did not answer: ${(e as Error).message}`,
        `check network access to ${new URL(slack.apiUrl).host} (and SLACK_API_URL)`,
      ),
    );
  }
  checks.push(
    slack.mode === "http"
      ? slack.signingSecret
        ? pass("Signing secret", "set (HTTP mode); a wrong one shows as 401 answers to Slack's requests")
        : fail(
            "Signing secret",
            "not set (HTTP mode)",
            "set SLACK_SIGNING_SECRET from Basic Information → App Credentials",
          )
      : pass("Signing secret", slack.signingSecret ? "set (not used in Socket Mode)" : "not needed in Socket Mode"),
  );
  if (!slack.appToken) {
    checks.push(pass("Socket Mode token", "not set: HTTP mode (Slack posts to /slack/events)"));
  } else {
    try {
      const open = await slackCall(slack.apiUrl, "apps.connections.open", slack.appToken);
      checks.push(
        open.body.ok
          ? pass("Socket Mode token", "valid: apps.connections.open handed out a connection URL")
          : fail(
              "Socket Mode token",
              `apps.connections.open answered ${open.body.error ?? `HTTP ${open.status}`}`,
              "create an app-level token with connections:write under Basic Information → App-Level Tokens, set it as SLACK_APP_TOKEN, and turn Socket Mode on",
            ),
      );
    } catch (e) {
      checks.push(fail("Socket Mode token", `no answer: ${(e as Error).message}`, "check network access to Slack"));
    }
  }
  return checks;
}
