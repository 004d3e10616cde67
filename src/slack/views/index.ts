// The Slack views: pure functions from domain data to Block Kit messages.

export { type AuditViewInput, auditLine, auditView } from "./audit.ts";
export { LIMITS } from "./blocks.ts";
export { type CollectViewInput, collectView, leadFinding, outlierText } from "./collect.ts";
export { COLLECT_ACTION, collectButton, DUMP_ACTION, dumpButton } from "./collect-button.ts";
export { dumpDoneView, dumpProgressView } from "./collect-dump.ts";
export { diagnoseText, diagnoseView, diagnosisMarkdown } from "./diagnose.ts";
export { doctorView } from "./doctor.ts";
export { type ErrorContext, errorIdFor, errorView } from "./error.ts";
export { clip, code, escapeMrkdwn, escapePlain, fileSafe, link } from "./escape.ts";
export { type HealthViewInput, healthView } from "./health.ts";
export { type HelpViewOptions, helpView, type UsageErrorInput, usageErrorView } from "./help.ts";
export { type HomeApp, type HomeViewInput, homeView, type PendingApproval, type RecentAction } from "./home.ts";
export { type LinksViewInput, linksView } from "./links.ts";
export { type ListItem, listView } from "./list.ts";
export { type LogsViewInput, logsView } from "./logs.ts";
export { type MetricsViewInput, metricsView } from "./metrics.ts";
export { DIAGNOSE_ACTION, MITIGATE_ACTION_PREFIX, mitigationLabel, mitigationValue } from "./mitigations.ts";
export { type MitigationPendingInput, mitigationPendingView, type ProgressSubject, progressView } from "./progress.ts";
export {
  APPROVE_ACTION,
  CANCEL_ACTION,
  doingWord,
  executionView,
  notCarriedOutView,
  type ProposalStatus,
  type ProposalViewInput,
  proposalView,
  refusalView,
  verificationView,
} from "./proposal.ts";
export { resolutionView } from "./resolution.ts";
export { type AppViewInput, statusText, statusView } from "./status.ts";
export type { HomeTab, SlackFile, SlackMessage } from "./types.ts";
