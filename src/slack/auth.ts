// Who the bot is (auth.test), asked once and cached, as Bolt's `authorize`. Bolt's own token verification
// calls auth.test in the App constructor and leaves a rejected promise behind when Slack is unreachable;
// this one is started by startBot, logged when it fails, and asked again on the next request.
import type { Authorize } from "@slack/bolt";
import type { Logger } from "../log.ts";
import type { BotIdentity } from "./context.ts";
import { slackErrorCode } from "./post.ts";
import type { WebClient } from "./web-client.ts";

export interface BotAuthorization {
  authorize: Authorize<boolean>;
  /** What auth.test said, once it has answered (empty before). */
  identity(): BotIdentity;
  /** Asks auth.test now; resolves true when the token works. Never rejects. */
  verify(): Promise<boolean>;
}

export function botAuthorization(client: WebClient, botToken: string, log: Logger): BotAuthorization {
  let known: BotIdentity = {};
  let pending: Promise<BotIdentity> | undefined;
  const load = (): Promise<BotIdentity> => {
    pending ??= client.auth.test().then(
      (r) => {
        known = { userId: r.user_id, botId: r.bot_id, name: r.user };
        return known;
      },
      (e: unknown) => {
        pending = undefined;
        throw e;
      },
    );
    return pending;
  };
  return {
    authorize: async () => {
      const id = await load();
      return { botToken, botUserId: id.userId, botId: id.botId };
    },
    identity: () => known,
    verify: () =>
      load().then(
        (id) => {
          log.info({ botUserId: id.userId, botName: id.name }, "Slack bot token verified (auth.test)");
          return true;
        },
        (e: unknown) => {
          log.error(
            { slackError: slackErrorCode(e) ?? (e as Error)?.message },
            "Slack auth.test failed: check SLACK_BOT_TOKEN and SLACK_API_URL (retried on the next request)",
          );
          return false;
        },
      ),
  };
}
