import type { z } from 'zod';
import type { PeriodSchema } from '../schemas/catalog.ts';

type PeriodInput = z.input<typeof PeriodSchema>;

/** Reporting periods of a school year (dates in Vietnam time). */
export const schoolYearPeriods = (startYear: number): PeriodInput[] => {
  const y = `${startYear}-${startYear + 1}`;
  const next = startYear + 1;
  return [
    { id: `${y}.plan`, schoolYear: y, kind: 'plan', label: `Kế hoạch giao năm học ${y}`, opensOn: `${startYear}-06-01`, dueOn: `${startYear}-08-31` },
    {
      id: `${y}.start`,
      schoolYear: y,
      kind: 'start',
      label: `Đầu năm học ${y}`,
      asOf: `${startYear}-09-30`,
      opensOn: `${startYear}-09-05`,
      dueOn: `${startYear}-10-31`,
    },
    { id: `${y}.semester1`, schoolYear: y, kind: 'semester1', label: `Sơ kết học kỳ I năm học ${y}`, opensOn: `${next}-01-02`, dueOn: `${next}-01-20` },
    { id: `${y}.end`, schoolYear: y, kind: 'end', label: `Tổng kết năm học ${y}`, asOf: `${next}-05-31`, opensOn: `${next}-05-15`, dueOn: `${next}-06-15` },
  ];
};

export const PERIODS: PeriodInput[] = [...schoolYearPeriods(2021), ...schoolYearPeriods(2022)];
