// The morning digest use case: figures, scores and ranking over the fleet, the day's actions, the chart input.
export { type ActionOutcome, actionsFromAudit, type DigestAction } from "./actions.ts";
export {
  type BuildDigestInput,
  buildDigest,
  type DigestData,
  type DigestLine,
  type OpenDiagnosis,
} from "./build-digest.ts";
export { DIGEST_HISTORY_METRICS, DIGEST_PLAN_METRICS, DIGEST_SITE_METRICS } from "./read-fleet.ts";
