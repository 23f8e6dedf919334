import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { type SubmissionAcceptedDetail, SubmissionAcceptedDetailSchema } from '../../schemas/events.ts';
import { getStringFromEnv } from '../commons/config.ts';
import { correlateWith, logger } from '../commons/logger.ts';
import { observe, recordRollupLag } from '../commons/observability.ts';
import { type ApplyOutcome, applySubmission } from './apply.ts';

const tableName = getStringFromEnv('TABLE_NAME');

/** Target of the rule SubmissionAcceptedToRollup. Throws to let EventBridge retry. */
export const handler = middy<EventBridgeEvent<'SubmissionAccepted', SubmissionAcceptedDetail>, ApplyOutcome>()
  .use(observe())
  .handler(async (event) => {
    const detail = SubmissionAcceptedDetailSchema.parse(event.detail);
    correlateWith(detail.submissionId);
    const outcome = await applySubmission(tableName, detail);
    if (outcome.status === 'applied') recordRollupLag(detail.submittedAt);
    logger.info('rollup', { eventId: event.id, schoolId: detail.schoolId, period: detail.period, version: detail.version, ...outcome });
    return outcome;
  });
