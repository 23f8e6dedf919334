import type { z } from 'zod';
import type { PeriodSchema } from '../schemas/catalog.ts';

type PeriodInput = z.input<typeof PeriodSchema>;

/** Reporting periods of a school year (dates in Vietnam time). */
export const schoolYearPeriods = (startYear: number): PeriodInput[] => {
  const y = `${startYear}-${startYear + 1}`;
  const next = startYear + 1;
  return [
    {
      id: `${y}.plan`,
      schoolYear: y,
      kind: 'plan',
      label: `Kế hoạch giao năm học ${y}`,
      opensOn: `${startYear}-06-01`,
      dueOn: `${startYear}-08-31`,
      locksOn: `${startYear}-09-30`,
    },
    {
      id: `${y}.start`,
      schoolYear: y,
      kind: 'start',
      label: `Đầu năm học ${y}`,
      asOf: `${startYear}-09-30`,
      opensOn: `${startYear}-09-05`,
      dueOn: `${startYear}-10-31`,
      locksOn: `${startYear}-11-30`,
    },
    {
      id: `${y}.semester1`,
      schoolYear: y,
      kind: 'semester1',
      label: `Sơ kết học kỳ I năm học ${y}`,
      opensOn: `${next}-01-02`,
      dueOn: `${next}-01-20`,
      locksOn: `${next}-02-20`,
    },
    {
      id: `${y}.end`,
      schoolYear: y,
      kind: 'end',
      label: `Tổng kết năm học ${y}`,
      asOf: `${next}-05-31`,
      opensOn: `${next}-05-15`,
      dueOn: `${next}-06-15`,
      locksOn: `${next}-07-15`,
    },
  ];
};

/** The first school year of the catalog (the seed documents start with 2021-2022). */
export const FIRST_SCHOOL_YEAR = 2021;

/**
 * The start year of the last school year with a period open on a date: a school year's plan
 * opens on 1 June before it, so from June the next school year is listed.
 */
export const lastSchoolYear = (vietnamDay: string): number => {
  const year = Number(vietnamDay.slice(0, 4));
  return vietnamDay.slice(5) >= '06-01' ? year : year - 1;
};

/** Every school year from the first up to the one open on a date (YYYY-MM-DD, Vietnam time). */
export const periodsUpTo = (vietnamDay: string): PeriodInput[] => {
  const out: PeriodInput[] = [];
  for (let year = FIRST_SCHOOL_YEAR; year <= Math.max(lastSchoolYear(vietnamDay), FIRST_SCHOOL_YEAR + 1); year++) out.push(...schoolYearPeriods(year));
  return out;
};

/** Today in Vietnam (UTC+7, no daylight saving). */
const vietnamToday = (now: Date): string => new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/** The periods of the catalog: generated from today's date, so the current school year is always there. */
export const PERIODS: PeriodInput[] = periodsUpTo(vietnamToday(new Date()));
