/**
 * Names of tonghop's own CloudWatch metrics (namespace Tonghop, dimension service), emitted as
 * EMF by functions/commons/observability.ts and read by the dashboard in infra/. Plain data.
 */
export const METRIC_NAMES = {
  /** One per stored submission version (submit and form). */
  submissionsAccepted: 'SubmissionsAccepted',
  /** Milliseconds from a version's submittedAt to the rollup having applied it. */
  rollupLag: 'RollupLag',
  /** One per email (or other channel) handed over / refused, by the notification function. */
  notificationsSent: 'NotificationsSent',
  notificationsFailed: 'NotificationsFailed',
} as const;
