/**
 * From a bus event to a notice: what happened, to which unit, for which period, said briefly in
 * Vietnamese with the figures in Vietnamese format and a link to the unit's dashboard. The event
 * key is made of the event's content (unit, period, indicator, revision, schedule), so a
 * redelivered or republished event has the same key.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { toVietnamIso, vietnamDate } from '../../domain/vietnam-time.ts';
import type { Catalog, Indicator } from '../../schemas/catalog.ts';
import { ReminderDueDetailSchema, TargetTransitionDetailSchema, UnitCompletedDetailSchema } from '../../schemas/events.ts';
import type { Notice, NotificationKind } from '../../schemas/notify.ts';
import type { UnitItem } from '../../schemas/unit.ts';
import { documentClient } from '../commons/clients.ts';
import { formatDecimal, formatNumber, formatPercent } from '../commons/html.ts';
import { keys } from '../commons/keys.ts';
import { getAggregate, getUnit } from '../commons/store.ts';

export interface NoticeContext {
  tableName: string;
  catalog: Catalog;
  publicUrl: string;
  now: () => Date;
}

export interface Incoming {
  notice: Notice;
  unit: UnitItem;
  /** The unit's own contact address gets it too (reminders chosen by the reminder function). */
  toContact: boolean;
  /** Rollup events get an inbox entry here; reminders already have theirs. */
  inbox: boolean;
}

export const dashboardLink = (publicUrl: string, unitId: string, periodId: string): string =>
  `${publicUrl}/dashboard?unit=${encodeURIComponent(unitId)}&period=${encodeURIComponent(periodId)}`;

/** An indicator's value as a leader reads it: 35.585 pupils, 98,5 %, 1,82 teachers per class. */
export const formatIndicator = (indicator: Indicator | undefined, value: number | null): string => {
  if (value === null) return 'chưa có số liệu';
  if (!indicator || indicator.kind === 'count') return formatNumber(value);
  if (indicator.kind === 'rate' && indicator.scale === 'ratio') return formatDecimal(value);
  return formatPercent(value);
};

const REMINDER_KINDS: Record<'deadline' | 'late' | 'digest' | 'returned', NotificationKind> = {
  deadline: 'deadline-reminder',
  digest: 'deadline-reminder',
  late: 'late-units',
  /** A report returned for correction (approval): the school is asked to act, as by a deadline reminder. */
  returned: 'deadline-reminder',
};

const requireUnit = async (tableName: string, unitId: string): Promise<UnitItem> => {
  const unit = await getUnit(tableName, unitId);
  if (!unit) throw new Error(`Unit ${unitId} is missing`);
  return unit;
};

/** A notice about a unit for its leaders: to its subscribers and its inbox, not to its contact address. */
const leaderNotice = (unit: UnitItem, notice: Omit<Notice, 'unitId'>): Incoming => ({
  notice: { ...notice, unitId: unit.id },
  unit,
  toContact: false,
  inbox: true,
});

/** The notice an event stands for; undefined for events the notify function does not handle. */
export const noticeOf = async (ctx: NoticeContext, detailType: string, detail: unknown): Promise<Incoming | undefined> => {
  const createdAt = toVietnamIso(ctx.now());
  const periodLabel = (id: string) => ctx.catalog.periods.find((p) => p.id === id)?.label ?? id;
  if (detailType === 'UnitCompleted') {
    const d = UnitCompletedDetailSchema.parse(detail);
    const unit = await requireUnit(ctx.tableName, d.unitId);
    const aggregate = await getAggregate(ctx.tableName, d.unitId, d.period, true);
    const lines = [
      `${formatNumber(aggregate.submitted)}/${formatNumber(d.expected)} trường đã nộp báo cáo ${periodLabel(d.period)} (${formatNumber(aggregate.onTime)} đúng hạn, ${formatNumber(aggregate.late)} muộn).`,
    ];
    if (aggregate.sums.classes) lines.push(`Tổng số nhóm, lớp: ${formatNumber(aggregate.sums.classes)}.`);
    if (aggregate.sums.pupils) lines.push(`Tổng số học sinh, trẻ: ${formatNumber(aggregate.sums.pupils)}.`);
    return leaderNotice(unit, {
      eventKey: `completed:${d.unitId}:${d.period}:${d.rev}`,
      kind: 'unit-completed',
      title: `${unit.name} đã nộp đủ báo cáo ${periodLabel(d.period)}`,
      lines,
      link: dashboardLink(ctx.publicUrl, d.unitId, d.period),
      createdAt,
    });
  }
  if (detailType === 'TargetMissed' || detailType === 'TargetMet') {
    const d = TargetTransitionDetailSchema.parse(detail);
    const unit = await requireUnit(ctx.tableName, d.unitId);
    const indicator = ctx.catalog.indicators.find((i) => i.code === d.indicator);
    const label = indicator?.label ?? d.indicator;
    const missed = detailType === 'TargetMissed';
    const sign = d.direction === 'atLeast' ? '≥' : '≤';
    const lines = [`${label}: ${formatIndicator(indicator, d.value)}; chỉ tiêu ${sign} ${formatIndicator(indicator, d.threshold)} (${periodLabel(d.period)}).`];
    if (d.targetUnitId !== d.unitId) {
      const owner = await getUnit(ctx.tableName, d.targetUnitId);
      lines.push(`Chỉ tiêu của ${owner?.name ?? d.targetUnitId}.`);
    }
    return leaderNotice(unit, {
      eventKey: `${missed ? 'missed' : 'met'}:${d.unitId}:${d.period}:${d.indicator}:${d.rev}`,
      kind: missed ? 'target-missed' : 'target-met',
      title: `${unit.name} ${missed ? 'chưa đạt' : 'đã đạt'} chỉ tiêu ${label}`,
      lines,
      link: dashboardLink(ctx.publicUrl, d.unitId, d.period),
      createdAt,
    });
  }
  if (detailType === 'ReminderDue') {
    const d = ReminderDueDetailSchema.parse(detail);
    const unit = await requireUnit(ctx.tableName, d.recipientId);
    return {
      notice: {
        eventKey: `reminder:${d.recipientId}:${d.schedule}`,
        kind: REMINDER_KINDS[d.kind],
        unitId: d.recipientId,
        title: `${unit.name}: ${d.title}`,
        lines: d.lines,
        link: d.link,
        createdAt,
      },
      unit,
      toContact: true,
      inbox: false,
    };
  }
  return undefined;
};

/** The unit's inbox entry (`GET /api/units/{unitId}/notifications`), once per event. */
export const putInboxEntry = async (tableName: string, notice: Notice): Promise<boolean> => {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.notification(notice.unitId, `EVT#${notice.eventKey}`), type: 'InboxEntry', event: notice.eventKey, ...notice },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** Target changes are kept per Vietnam day for the daily digest. */
export const recordDayChange = async (tableName: string, notice: Notice, unit: UnitItem): Promise<void> => {
  const date = vietnamDate(new Date(notice.createdAt));
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.dayChange(date, notice.unitId, notice.eventKey),
        type: 'DayChange',
        unitId: notice.unitId,
        ancestors: unit.ancestors,
        text: `${notice.title}: ${notice.lines[0] ?? ''}`,
        createdAt: notice.createdAt,
      },
    }),
  );
};
