// What Slack sends to the app: slash command fields, block_actions payloads, Events API wrappers. Pure builders.
import type { EmuIdentity } from "./web-api/context.ts";

/** The legacy verification token Slack still puts in payloads (Bolt ignores it). */
export const VERIFICATION_TOKEN = "emuVerificationToken0000";

export interface SlashCommandInput {
  command?: string;
  text: string;
  userId?: string;
  channelId?: string;
  userName?: string;
}

export interface ButtonClickInput {
  channelId: string;
  messageTs: string;
  actionId: string;
  value?: string;
  userId?: string;
}

export const DEFAULT_USER_ID = "U0ALICE";
export const DEFAULT_CHANNEL_ID = "C0OPS";

/** Slash command fields in Slack's order (§1.2); values are strings as in the form body. */
export function slashCommandFields(
  id: EmuIdentity,
  cmd: SlashCommandInput,
  ctx: { channelName: string; userName: string; responseUrl: string; triggerId: string },
): Record<string, string> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: id.teamId,
    team_domain: id.teamDomain,
    channel_id: cmd.channelId ?? DEFAULT_CHANNEL_ID,
    channel_name: ctx.channelName,
    user_id: cmd.userId ?? DEFAULT_USER_ID,
    user_name: ctx.userName,
    command: cmd.command ?? "/appsvc",
    text: cmd.text,
    api_app_id: id.appId,
    is_enterprise_install: "false",
    response_url: ctx.responseUrl,
    trigger_id: ctx.triggerId,
  };
}

type Obj = Record<string, unknown>;

/** The interactive element with `actionId` in a blocks array (actions elements or section accessories). */
export function findAction(
  blocks: unknown[] | undefined,
  actionId: string,
): { blockId: string; element: Obj } | undefined {
  for (const [i, b] of (blocks ?? []).entries()) {
    const block = b as Obj;
    const candidates = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory];
    for (const el of candidates) {
      if (el && typeof el === "object" && (el as Obj).action_id === actionId) {
        return { blockId: typeof block.block_id === "string" ? block.block_id : `emu-block-${i}`, element: el as Obj };
      }
    }
  }
  return undefined;
}

/** A block_actions payload for clicking `element` (§1.3). `message` is omitted for ephemeral containers. */
export function blockActionsPayload(
  id: EmuIdentity,
  input: ButtonClickInput,
  ctx: {
    channelName: string;
    userName: string;
    responseUrl: string;
    triggerId: string;
    actionTs: string;
    blockId: string;
    element: Obj;
    message?: Obj;
    isEphemeral: boolean;
  },
): Obj {
  const el = ctx.element;
  const action: Obj = {
    action_id: el.action_id,
    block_id: ctx.blockId,
    type: el.type,
    action_ts: ctx.actionTs,
  };
  if (el.text !== undefined) action.text = el.text;
  const value = input.value ?? el.value;
  if (value !== undefined) action.value = value;
  if (el.style !== undefined) action.style = el.style;
  const userId = input.userId ?? DEFAULT_USER_ID;
  return {
    type: "block_actions",
    user: { id: userId, username: ctx.userName, name: ctx.userName, team_id: id.teamId },
    api_app_id: id.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: ctx.triggerId,
    container: {
      type: "message",
      message_ts: input.messageTs,
      channel_id: input.channelId,
      is_ephemeral: ctx.isEphemeral,
    },
    team: { id: id.teamId, domain: id.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channelId, name: ctx.channelName },
    ...(ctx.message ? { message: ctx.message } : {}),
    state: { values: {} },
    response_url: ctx.responseUrl,
    actions: [action],
  };
}

/** The Events API wrapper around one event (§4.1 step 4). */
export function eventCallback(id: EmuIdentity, event: Obj, eventId: string, eventTime: number): Obj {
  return {
    token: VERIFICATION_TOKEN,
    team_id: id.teamId,
    api_app_id: id.appId,
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: eventTime,
    authorizations: [
      { enterprise_id: null, team_id: id.teamId, user_id: id.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}
