/**
 * From a unit's calendar and the catalog's periods to the reminder schedules of a school year:
 * a monthly digest on the first working day at 07:30, and for each report period reminders 7 days
 * before, 1 day before and on the due date (07:30), then the late list the day after (08:00).
 * All times are Vietnam time; names are deterministic, so a sync is idempotent.
 */
import { createHash } from 'node:crypto';
import type { CalendarItem } from '../schemas/calendar.ts';
import type { Period } from '../schemas/catalog.ts';
import { addDays } from './vietnam-time.ts';

export type ReminderPayload =
  | { type: 'digest'; unitId: string; schoolYear: string; month: string }
  | { type: 'deadline'; unitId: string; schoolYear: string; periodId: string; daysBefore: number }
  | { type: 'late'; unitId: string; schoolYear: string; periodId: string };

export interface ScheduleSpec {
  /** Deterministic, ≤ 64 characters; ends with a hash of the content, so a change is a new name. */
  name: string;
  /** Local time in Asia/Ho_Chi_Minh, as `at()` takes it: YYYY-MM-DDThh:mm:ss. */
  at: string;
  payload: ReminderPayload;
}

/** The first Monday–Friday of a month (YYYY-MM). Public holidays are not known here. */
export const firstWorkingDay = (month: string): string => {
  for (let day = 1; ; day++) {
    const date = `${month}-${String(day).padStart(2, '0')}`;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return date;
  }
};

/**
 * The schedule group of a school year: one per year for the whole country, named after the
 * stack (`tonghop-prod-2024-2025`). Scheduler allows 500 groups per account: one group per unit
 * and year would pass it at national scale (3,321 communes, 34 provinces).
 */
export const scheduleGroupName = (groupPrefix: string, schoolYear: string): string => `${groupPrefix}-${schoolYear}`;

/** The school year of a group of this prefix, or undefined for another stack's group. */
export const schoolYearOfGroup = (groupPrefix: string, group: string): string | undefined => {
  const rest = group.startsWith(`${groupPrefix}-`) ? group.slice(groupPrefix.length + 1) : '';
  return /^\d{4}-\d{4}$/.test(rest) ? rest : undefined;
};

/** A school year is over (its group can go) from 1 September of its second year, Vietnam date. */
export const isPastSchoolYear = (schoolYear: string, today: string): boolean => today >= `${schoolYear.slice(5, 9)}-09-01`;

/**
 * Every schedule name of a unit starts with this: the unit id (unit ids have no dot), or a
 * shortened id and a hash when it is long, so that the name stays within 64 characters.
 */
export const scheduleUnitPrefix = (unitId: string): string =>
  `${unitId.length <= 32 ? unitId : `${unitId.slice(0, 19)}-${createHash('sha256').update(unitId).digest('hex').slice(0, 12)}`}.`;

const named = (unitId: string, base: string, at: string, payload: ReminderPayload): ScheduleSpec => ({
  name: `${scheduleUnitPrefix(unitId)}${base}-${createHash('sha256')
    .update(JSON.stringify([at, payload]))
    .digest('hex')
    .slice(0, 8)}`,
  at,
  payload,
});

export const desiredSchedules = (
  unitId: string,
  schoolYear: string,
  items: readonly CalendarItem[],
  periods: readonly Period[],
  dueFor: (period: Period) => string,
): ScheduleSpec[] => {
  const specs: ScheduleSpec[] = [];
  for (const month of [...new Set(items.map((item) => item.month))].sort()) {
    specs.push(named(unitId, `digest-${month}`, `${firstWorkingDay(month)}T07:30:00`, { type: 'digest', unitId, schoolYear, month }));
  }
  for (const period of periods.filter((p) => p.schoolYear === schoolYear && p.kind !== 'plan')) {
    const due = dueFor(period);
    for (const daysBefore of [7, 1, 0]) {
      specs.push(
        named(unitId, `due-${period.kind}-d${daysBefore}`, `${addDays(due, -daysBefore)}T07:30:00`, {
          type: 'deadline',
          unitId,
          schoolYear,
          periodId: period.id,
          daysBefore,
        }),
      );
    }
    specs.push(named(unitId, `late-${period.kind}`, `${addDays(due, 1)}T08:00:00`, { type: 'late', unitId, schoolYear, periodId: period.id }));
  }
  return specs;
};
