/**
 * What a fired schedule does. Recipients are read at firing time (completeness now, not when the
 * schedule was made); each (schedule, recipient) gets at most one notification, so a schedule that
 * fires twice sends nothing twice. The table stream turns each new notification into `ReminderDue`.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dueDateFor } from '../../domain/periods.ts';
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

export interface NotificationDraft {
  recipientId: string;
  title: string;
  lines: string[];
  link?: string;
}

export interface ReminderContext {
  tableName: string;
  catalog: Catalog;
  publicUrl: string;
  signingKey: () => Promise<Uint8Array>;
  now: () => Date;
}

const vnDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Units below a unit, depth first (the tree is small per office). */
const descendants = async (tableName: string, unitId: string): Promise<UnitItem[]> => {
  const children = await listChildren(tableName, unitId);
  return [...children, ...(await Promise.all(children.filter((c) => !isSchool(c)).map((c) => descendants(tableName, c.id)))).flat()];
};

const digest = async (ctx: ReminderContext, payload: Extract<ReminderPayload, { type: 'digest' }>): Promise<NotificationDraft[]> => {
  const items = (await listCalendar(ctx.tableName, payload.unitId, payload.schoolYear)).filter((item) => item.month === payload.month);
  if (items.length === 0) return [];
  const below = await descendants(ctx.tableName, payload.unitId);
  const schools = below.filter(isSchool);
  const wards = below.filter((u) => !isSchool(u) && below.some((s) => s.parentId === u.id && isSchool(s)));
  const monthLabel = `tháng ${Number(payload.month.slice(5))}/${payload.month.slice(0, 4)}`;
  const drafts = new Map<string, NotificationDraft>();
  const add = (recipientId: string, text: string): void => {
    const draft = drafts.get(recipientId) ?? { recipientId, title: `Công việc ${monthLabel}`, lines: [] };
    draft.lines.push(text);
    drafts.set(recipientId, draft);
  };
  for (const item of items) {
    const text = item.date ? `${item.text} (ngày ${vnDate(item.date)})` : item.text;
    if (item.audience === 'office') add(payload.unitId, text);
    else if (item.audience === 'wards') for (const ward of wards) add(ward.id, text);
    else {
      const level = item.audience.split(':')[1];
      for (const school of schools) if (!level || school.levels?.includes(level as 'MN' | 'TH' | 'THCS')) add(school.id, text);
    }
  }
  return [...drafts.values()];
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
      const when = payload.daysBefore === 0 ? 'Hôm nay là hạn cuối' : `Còn ${payload.daysBefore} ngày đến hạn`;
      return {
        recipientId: school.id,
        title: `Nhắc nộp báo cáo ${period.label}`,
        lines: [`${when} nộp báo cáo ${period.label} (hạn ${vnDate(due)}). Trường chưa nộp báo cáo kỳ này.`],
        link: `${ctx.publicUrl}/form?t=${token}&period=${encodeURIComponent(period.id)}`,
      };
    }),
  );
};

const late = async (ctx: ReminderContext, payload: Extract<ReminderPayload, { type: 'late' }>): Promise<NotificationDraft[]> => {
  const period = ctx.catalog.periods.find((p) => p.id === payload.periodId);
  if (!period) return [];
  const missing = await missingSchools(ctx, payload.unitId, payload.periodId);
  if (missing.length === 0) return [];
  const byParent = new Map<string, UnitItem[]>();
  for (const school of missing) {
    const parent = school.periods[period.id]?.ancestors.at(-1);
    if (parent) byParent.set(parent, [...(byParent.get(parent) ?? []), school]);
  }
  const drafts: NotificationDraft[] = [...byParent].map(([parentId, schools]) => ({
    recipientId: parentId,
    title: `Đơn vị chưa nộp báo cáo ${period.label}`,
    lines: schools.map((s) => s.name),
  }));
  // The province: how many late schools per city (the second level of the chain).
  const province = missing[0]?.periods[period.id]?.ancestors[0];
  if (province) {
    const perCity = new Map<string, number>();
    for (const school of missing) {
      const city = school.periods[period.id]?.ancestors[1] ?? school.id;
      perCity.set(city, (perCity.get(city) ?? 0) + 1);
    }
    const names = await Promise.all([...perCity.keys()].map(async (id) => (await getUnit(ctx.tableName, id))?.name ?? id));
    drafts.push({
      recipientId: province,
      title: `Số trường nộp muộn báo cáo ${period.label}`,
      lines: [...perCity.values()].map((n, i) => `${names[i]}: ${n} trường`),
    });
  }
  return drafts;
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

export const listNotifications = async (tableName: string, recipientId: string): Promise<Record<string, unknown>[]> => {
  const answer = await documentClient.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.notification(recipientId, '').pk } }),
  );
  return (answer.Items ?? []).map(({ pk: _pk, sk: _sk, type: _type, ...rest }) => rest).sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
};
