// Short fixed answers that are not views of domain data: features still to come, the restart notice, the
// invitation when the bot is not in the channel. Pure.
import type { KnownBlock } from "@slack/types";
import type { SlackMessage } from "./views/index.ts";
import { code } from "./views/index.ts";

const section = (text: string): KnownBlock => ({ type: "section", text: { type: "mrkdwn", text } });
const context = (text: string): KnownBlock => ({ type: "context", elements: [{ type: "mrkdwn", text }] });

/** Shutdown has begun: new work is refused rather than cut off half way. */
export function restartingMessage(): SlackMessage {
  const text = "The bot is restarting and did not start this command. Try again in a minute.";
  return { text, blocks: [section(text)] };
}

/** A command the bot stopped answering because it is shutting down: what happened and what to do. */
export function cutOffMessage(command: string): SlackMessage {
  const text = `⏹ The bot restarted before it finished ${code(command)}, so there is no answer here. Nothing was changed by it. Run it again in a minute.`;
  return {
    text: `The bot restarted before it finished ${command}; run it again in a minute.`,
    blocks: [section(text)],
  };
}

/** In the answer's thread, where its chart would have been. */
export function chartFailedView(retryCommand?: string): SlackMessage {
  const again = retryCommand ? ` Run ${code(retryCommand)} to draw it again.` : "";
  const text = `📉 The chart could not be uploaded to Slack.${again}`;
  return {
    text: `The chart could not be uploaded to Slack.${retryCommand ? ` Run ${retryCommand} to draw it again.` : ""}`,
    blocks: [section(text)],
  };
}

/** Answered through response_url because chat.postMessage was refused in this channel. */
export function inviteMessage(bot: { userId?: string; name?: string } = {}): SlackMessage {
  const handle = bot.name && /^[a-z0-9._-]{1,80}$/i.test(bot.name) ? bot.name : "appsvc";
  const text = `I'm not a member of this channel, so I answered without progress updates or charts. Invite me with ${code(`/invite @${handle}`)} to get them.`;
  return {
    text: "I'm not a member of this channel: invite me to get progress updates and charts.",
    blocks: [section(text)],
  };
}

const WRITE_WORDS: Record<string, string> = {
  restart: "Restart",
  start: "Start",
  stop: "Stop",
  scale: "Scale",
  autoheal: "Auto-heal",
  healthcheck: "Health check",
  fix: "This fix",
};

/** A write without a policy file: nothing changed, and how to turn writes on. */
export function writesDisabledMessage(verb: string, app?: string): SlackMessage {
  const what = WRITE_WORDS[verb] ?? "This change";
  const on = app ? ` ${code(app)}` : "";
  const text = `*${what}${on}: nothing was changed.* Writes are disabled because the bot runs without a policy file.`;
  return {
    text: `${what}: nothing was changed. Writes are disabled: set APPSVC_CONFIG to a policy file (see policy.example.yml).`,
    blocks: [
      section(text),
      context(
        `To enable them, set ${code("APPSVC_CONFIG")} to a policy file (start from ${code("policy.example.yml")}) that binds this channel and names who may request and approve each action, then restart the bot. Read commands keep working meanwhile.`,
      ),
    ],
  };
}
