/**
 * What a fired schedule does. Recipients are read at firing time (completeness now, not when the
 * schedule was made); each (schedule, recipient) gets at most one notification, so a schedule that
 * fires twice sends nothing twice. The table stream turns each new notification into `ReminderDue`.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dueDateFor } from '../../domain/periods.ts';
import { deadlineNote, digestNotes, lateNotes, type NotificationDraft } from '../../domain/reminders.ts';
import type { ReminderPayload } from '../../domain/schedules.ts';
import { toVietnamIso } from '../../domain/vietnam-time.ts';
import type { Catalog } from '../../schemas/catalog.ts';
import type { UnitItem } from '../../schemas/unit.ts';
import { isSchool } from '../../schemas/unit.ts';
import { signToken } from '../commons/auth.ts';
import { listCalendar } from '../commons/calendar-store.ts';
import { documentClient } from '../commons/clients.ts';
import { keys } from '../commons/keys.ts';
import { getAggregate, getUnit, listChildren, listMembers } from '../commons/store.ts';

export interface ReminderContext {
  tableName: string;
  catalog: Catalog;
  publicUrl: string;
  signingKey: () => Promise<Uint8Array>;
  now: () => Date;
}

/** Units below a unit, depth first (the tree is small per office). */
const descendants = async (tableName: string, unitId: string): Promise<UnitItem[]> => {
  const children = await listChildren(tableName, unitId);
  return [...children, ...(await Promise.all(children.filter((c) => !isSchool(c)).map((c) => descendants(tableName, c.id)))).flat()];
};

const digest = async (ctx: ReminderContext, payload: Extract<ReminderPayload, { type: 'digest' }>): Promise<NotificationDraft[]> => {
  const items = await listCalendar(ctx.tableName, payload.unitId, payload.schoolYear);
  if (!items.some((item) => item.month === payload.month)) return [];
  return digestNotes(payload.unitId, payload.month, items, await descendants(ctx.tableName, payload.unitId));
};

/** Schools below the unit that have not submitted the period yet, read now. */
const missingSchools = async (ctx: ReminderContext, unitId: string, periodId: string): Promise<UnitItem[]> => {
  const [members, aggregate] = await Promise.all([listMembers(ctx.tableName, unitId, periodId), getAggregate(ctx.tableName, unitId, periodId, true)]);
  const submitted = new Set(aggregate.submittedSchools);
  const missing = await Promise.all(members.filter((m) => !submitted.has(m.id)).map((m) => getUnit(ctx.tableName, m.id)));
  return missing.filter((u): u is UnitItem => u !== undefined).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
};

const deadline = async (ctx: ReminderContext, payload: Extract<ReminderPayload, { type: 'deadline' }>): Promise<NotificationDraft[]> => {
  const period = ctx.catalog.periods.find((p) => p.id === payload.periodId);
  if (!period) return [];
  const key = await ctx.signingKey();
  return Promise.all(
    (await missingSchools(ctx, payload.unitId, payload.periodId)).map(async (school) => {
      const due = dueDateFor(period, [...(school.periods[period.id]?.ancestors ?? []), school.id]);
      const token = await signToken({ sub: `reminder-${school.id}`, unit: school.id, role: 'school' }, key, '30d');
      return { ...deadlineNote(school.id, period, due, payload.daysBefore), link: `${ctx.publicUrl}/form?t=${token}&period=${encodeURIComponent(period.id)}` };
    }),
  );
};

const late = async (ctx: ReminderContext, payload: Extract<ReminderPayload, { type: 'late' }>): Promise<NotificationDraft[]> => {
  const period = ctx.catalog.periods.find((p) => p.id === payload.periodId);
  if (!period) return [];
  const missing = (await missingSchools(ctx, payload.unitId, payload.periodId)).map((school) => ({
    id: school.id,
    name: school.name,
    ancestors: school.periods[period.id]?.ancestors ?? school.ancestors,
  }));
  const unitIds = [...new Set(missing.flatMap((school) => school.ancestors))];
  const names = new Map(await Promise.all(unitIds.map(async (id) => [id, (await getUnit(ctx.tableName, id))?.name ?? id] as const)));
  return lateNotes(period, missing, (id) => names.get(id) ?? id);
};

export const remindersFor = async (ctx: ReminderContext, payload: ReminderPayload): Promise<NotificationDraft[]> =>
  payload.type === 'digest' ? digest(ctx, payload) : payload.type === 'deadline' ? deadline(ctx, payload) : late(ctx, payload);

/** Store each notification once per (schedule, recipient). Returns how many were new. */
export const storeNotifications = async (
  ctx: ReminderContext,
  schedule: string,
  payload: ReminderPayload,
  drafts: readonly NotificationDraft[],
): Promise<number> => {
  let created = 0;
  for (const draft of drafts) {
    try {
      await documentClient.send(
        new PutCommand({
          TableName: ctx.tableName,
          Item: {
            ...keys.notification(draft.recipientId, schedule),
            type: 'Notification',
            schedule,
            kind: payload.type,
            ...draft,
            createdAt: toVietnamIso(ctx.now()),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      created++;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  return created;
};
