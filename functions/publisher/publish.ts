/**
 * The table stream as the outbox: stored items become the events EVENTS (platform/events.ts)
 * maps them to. Nothing is written twice by a handler, so no event can be lost between a
 * write and a publish.
 */

import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { eventsOfItem } from '../../platform/events.ts';
import { EVENT_SOURCE } from '../../schemas/events.ts';
import { eventBridgeClient } from '../commons/clients.ts';
import { logger } from '../commons/logger.ts';
import { drain } from '../commons/retry.ts';

export interface BusTarget {
  eventBusName: string;
}

/** The events one stream record stands for (platform/events.ts maps stored items to events). */
export const eventsOfRecord = (record: DynamoDBRecord, busName: string): PutEventsRequestEntry[] => {
  const image = record.dynamodb?.NewImage;
  if (!image) return [];
  return eventsOfItem(unmarshall(image as Record<string, SdkAttributeValue>), record.eventName ?? '').map(({ detailType, detail }) => ({
    EventBusName: busName,
    Source: EVENT_SOURCE,
    DetailType: detailType,
    Detail: JSON.stringify(detail),
  }));
};

/**
 * PutEvents at most 10 entries a call, retrying only the entries that failed (5 rounds). Returns
 * the entries still failing after the last round.
 */
export const putAll = async (entries: PutEventsRequestEntry[]): Promise<PutEventsRequestEntry[]> => [
  ...(await drain(
    entries,
    async (pending) => {
      const failed: PutEventsRequestEntry[] = [];
      for (let i = 0; i < pending.length; i += 10) {
        const chunk = pending.slice(i, i + 10);
        try {
          const answer = await eventBridgeClient.send(new PutEventsCommand({ Entries: chunk }));
          (answer.Entries ?? []).forEach((result, j) => {
            if (result.ErrorCode) failed.push(chunk[j] as PutEventsRequestEntry);
          });
        } catch (error) {
          logger.warn('PutEvents call failed', { error: (error as Error).message });
          failed.push(...chunk);
        }
      }
      return failed;
    },
    { attempts: 5, baseMs: 100 },
  )),
];

/**
 * Publish a batch of stream records in order. On a failure, report the first record that could
 * not be published fully: the event source mapping retries from there (at least once).
 */
export const publishRecords = async (records: DynamoDBRecord[], busName: string): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> => {
  for (const record of records) {
    const entries = eventsOfRecord(record, busName);
    if (entries.length === 0) continue;
    const stillFailing = await putAll(entries);
    if (stillFailing.length > 0) {
      logger.error('events not published, batch will be retried', { sequenceNumber: record.dynamodb?.SequenceNumber, failed: stillFailing.length });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
};
