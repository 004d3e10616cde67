// views.publish: the App Home tab, stored per user.
import { createHash } from "node:crypto";
import { validateView } from "../block-kit-limits.ts";
import { type ApiContext, type Args, type MethodSpec, required, SlackApiError, str } from "./context.ts";

type Obj = Record<string, unknown>;

function publish(ctx: ApiContext, args: Args): Record<string, unknown> {
  const user = required(args, "user_id");
  const view = args.view;
  if (typeof view !== "object" || view === null || Array.isArray(view)) throw new SlackApiError("invalid_arguments");
  const v = view as Obj;
  if (v.type !== "home")
    throw new SlackApiError("invalid_arguments", {
      response_metadata: { messages: ["[ERROR] must be home [json-pointer:/view/type]"] },
    });
  // Slack reports view schema errors (block limits included) as invalid_arguments, not invalid_blocks.
  const errors = validateView(v);
  if (errors.length > 0) throw new SlackApiError("invalid_arguments", { response_metadata: { messages: errors } });
  const prev = ctx.store.views.get(user);
  const hash = str(args, "hash");
  if (hash !== undefined && prev && prev.hash !== hash) throw new SlackApiError("hash_conflict");
  const id = prev?.id ?? ctx.newId("V");
  const newHash = `${Math.floor(ctx.store.now() / 1000)}.${createHash("sha1").update(JSON.stringify(v)).digest("hex").slice(0, 8)}`;
  ctx.store.views.set(user, {
    user,
    id,
    hash: newHash,
    view: v,
    publishedAt: ctx.store.now(),
    publishCount: (prev?.publishCount ?? 0) + 1,
  });
  return {
    view: {
      id,
      team_id: ctx.id.teamId,
      type: "home",
      blocks: v.blocks ?? [],
      private_metadata: v.private_metadata ?? "",
      callback_id: v.callback_id ?? "",
      external_id: v.external_id ?? "",
      state: { values: {} },
      hash: newHash,
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: id,
      previous_view_id: null,
      app_id: ctx.id.appId,
      app_installed_team_id: ctx.id.teamId,
      bot_id: ctx.id.botId,
    },
  };
}

export const viewMethods: Record<string, MethodSpec> = {
  "views.publish": { token: "bot", handle: publish },
};
