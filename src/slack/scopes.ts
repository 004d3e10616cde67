// The bot token scopes manifest.yml requests, each needed by one call (README, "Slack app setup"). A test keeps
// this list and the manifest equal; `doctor` compares the granted scopes (Slack's x-oauth-scopes) with it.
export const BOT_SCOPES: readonly string[] = [
  "commands",
  "chat:write",
  "files:write",
  "users:read",
  "usergroups:read",
  // A digest run taken over from a replica that died: look for its post before posting again.
  "channels:history",
  "groups:history",
];
