/** Calendar items in the table: one partition per unit and school year, a META item per import. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { calendarDiff } from '../../domain/calendar.ts';
import { toVietnamIso } from '../../domain/vietnam-time.ts';
import { type CalendarItem, CalendarItemSchema } from '../../schemas/calendar.ts';
import { documentClient } from './clients.ts';
import { keys } from './keys.ts';
import { batchWriteAll, queryAll, type WriteRequest } from './store.ts';

export const listCalendar = async (tableName: string, unitId: string, schoolYear: string): Promise<CalendarItem[]> =>
  (
    await queryAll({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :item)',
      ExpressionAttributeValues: { ':pk': keys.calendar(unitId, schoolYear).pk, ':item': 'ITEM#' },
    })
  )
    .map((item) => CalendarItemSchema.parse(item))
    .sort((a, b) => a.month.localeCompare(b.month) || (a.order ?? 0) - (b.order ?? 0));

export interface ImportResult {
  schoolYear: string;
  added: number;
  removed: number;
  unchanged: number;
}

/**
 * Store a school year's items: add what is new, remove what is gone, leave the rest. When anything
 * changed, the META item gets a new revision: its stream record becomes `CalendarChanged`, which
 * re-syncs the schedules. Re-importing the same document writes nothing.
 */
export const importCalendar = async (tableName: string, unitId: string, schoolYear: string, items: readonly CalendarItem[]): Promise<ImportResult> => {
  const existing = await listCalendar(tableName, unitId, schoolYear);
  const diff = calendarDiff(
    existing.map((item) => item.id),
    items,
  );
  const byId = new Map(items.map((item) => [item.id, item]));
  const writes: WriteRequest[] = [
    ...diff.added.map((id) => ({
      PutRequest: { Item: { ...keys.calendarItem(unitId, schoolYear, id), type: 'CalendarItem', unitId, schoolYear, ...byId.get(id) } },
    })),
    ...diff.removed.map((id) => ({ DeleteRequest: { Key: keys.calendarItem(unitId, schoolYear, id) } })),
  ];
  await batchWriteAll(tableName, writes);
  if (writes.length > 0) {
    const meta = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.calendar(unitId, schoolYear), ConsistentRead: true }));
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.calendar(unitId, schoolYear),
          type: 'Calendar',
          unitId,
          schoolYear,
          rev: ((meta.Item?.rev as number | undefined) ?? 0) + 1,
          items: items.length,
          importedAt: toVietnamIso(new Date()),
        },
      }),
    );
  }
  return { schoolYear, added: diff.added.length, removed: diff.removed.length, unchanged: diff.unchanged.length };
};
