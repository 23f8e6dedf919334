import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { SubmissionVersionSchema } from '../../schemas/submission.ts';
import { getStringFromEnv } from '../commons/config.ts';
import { logger } from '../commons/logger.ts';
import { observe, recordRollupLag } from '../commons/observability.ts';
import { applyBatch, type StoredVersion } from './apply-batch.ts';

const tableName = getStringFromEnv('TABLE_NAME');

/** The stored final version a stream record shows (none for drafts and other items). */
const storedVersionOf = (record: DynamoDBRecord): StoredVersion[] => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return [];
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (item.type !== 'SubmissionVersion' || item.draft === true) return [];
  const version = SubmissionVersionSchema.parse(item);
  return [
    {
      schoolId: version.schoolId,
      period: version.period,
      version: version.version,
      values: version.values,
      late: version.late,
      submittedAt: version.submittedAt,
    },
  ];
};

/**
 * Table stream (stored final versions, in batches) → the aggregates of every ancestor, exactly
 * once. A failed batch is reported from its first record: the mapping retries it whole (bisecting
 * in the cloud), which changes nothing twice.
 */
export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(observe())
  .handler(async (event) => {
    // A record that is not a valid version stops the batch there: the ones before it are applied,
    // and the mapping retries from it (and sets it aside after its retries).
    const versions: StoredVersion[] = [];
    let poisoned: DynamoDBRecord | undefined;
    for (const record of event.Records) {
      try {
        versions.push(...storedVersionOf(record));
      } catch (error) {
        logger.error('stream record is not a valid submission version', { sequenceNumber: record.dynamodb?.SequenceNumber, error: (error as Error).message });
        poisoned = record;
        break;
      }
    }
    try {
      const outcome = await applyBatch(tableName, versions);
      const submittedAt = new Map(versions.map((v) => [`${v.schoolId}|${v.period}|${v.version}`, v.submittedAt]));
      for (const a of outcome.applied) {
        const at = submittedAt.get(`${a.schoolId}|${a.period}|${a.toVersion}`);
        if (at) recordRollupLag(at);
      }
      logger.info('rollup batch', {
        records: event.Records.length,
        applied: outcome.applied.length,
        skipped: outcome.skipped,
        transactions: outcome.transactions,
      });
    } catch (error) {
      logger.error('rollup batch failed, will be retried', { records: event.Records.length, error: (error as Error).message });
      return { batchItemFailures: [{ itemIdentifier: event.Records[0]?.dynamodb?.SequenceNumber ?? '' }] };
    }
    return { batchItemFailures: poisoned ? [{ itemIdentifier: poisoned.dynamodb?.SequenceNumber ?? '' }] : [] };
  });
