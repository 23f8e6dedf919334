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
import { EVENT_SOURCE, type RollupUpdatedDetail } from '../../schemas/events.ts';
import { eventBridgeClient } from '../commons/event-bus-client.ts';
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
 * One `RollupUpdated` per (unit, period) for a whole batch: the evaluation of a unit then runs
 * once per batch, not once per school below it (a burst of a ward's 20 schools is one event).
 */
export const coalesceRollupUpdates = (entries: readonly PutEventsRequestEntry[]): PutEventsRequestEntry[] => {
  const out: PutEventsRequestEntry[] = [];
  const merged = new Map<string, { entry: PutEventsRequestEntry; detail: RollupUpdatedDetail; changed: Set<string>; schools: Set<string> }>();
  for (const entry of entries) {
    if (entry.DetailType !== 'RollupUpdated') {
      out.push(entry);
      continue;
    }
    const detail = JSON.parse(entry.Detail ?? '{}') as RollupUpdatedDetail;
    const id = `${detail.unitId}|${detail.period}`;
    const seen = merged.get(id);
    if (!seen) {
      const first = { entry: { ...entry }, detail, changed: new Set(detail.changed), schools: new Set(detail.schools ?? [detail.schoolId]) };
      merged.set(id, first);
      out.push(first.entry);
      continue;
    }
    for (const code of detail.changed) seen.changed.add(code);
    for (const school of detail.schools ?? [detail.schoolId]) seen.schools.add(school);
    seen.detail = { ...detail, changed: [], schools: [] };
  }
  for (const { entry, detail, changed, schools } of merged.values()) {
    entry.Detail = JSON.stringify({ ...detail, changed: [...changed].sort(), schools: [...schools] });
  }
  return out;
};

/**
 * Publish the events of a batch of stream records: all of them together, 10 per PutEvents call,
 * with RollupUpdated coalesced per (unit, period). Order does not matter to any consumer (the
 * rollup's APPLIED markers and the evaluation's revisions make every handler order-free). When
 * some entries still fail, report the batch's first record: the event source mapping retries the
 * batch (at least once; consumers are idempotent).
 */
export const publishRecords = async (records: DynamoDBRecord[], busName: string): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> => {
  const entries = coalesceRollupUpdates(records.flatMap((record) => eventsOfRecord(record, busName)));
  if (entries.length === 0) return { batchItemFailures: [] };
  const stillFailing = await putAll(entries);
  if (stillFailing.length === 0) return { batchItemFailures: [] };
  const first = records[0]?.dynamodb?.SequenceNumber ?? '';
  logger.error('events not published, batch will be retried', { sequenceNumber: first, failed: stillFailing.length, entries: entries.length });
  return { batchItemFailures: [{ itemIdentifier: first }] };
};
