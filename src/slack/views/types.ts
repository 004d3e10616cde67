// What every view returns: a Slack message (text fallback + blocks) and, when the answer is long, a file
// the caller uploads next to it (files.uploadV2) so nothing is silently cut.
import type { KnownBlock } from "@slack/types";

/** Long output moved into a text/markdown attachment. `content` is plain text, never parsed by Slack. */
export interface SlackFile {
  filename: string;
  title: string;
  content: string;
}

export interface SlackMessage {
  /** Notification and screen-reader text: never empty, ≤ 3000 characters, mrkdwn-escaped. */
  text: string;
  blocks: KnownBlock[];
  file?: SlackFile;
}

/** An App Home tab for views.publish. */
export interface HomeTab {
  type: "home";
  blocks: KnownBlock[];
}
