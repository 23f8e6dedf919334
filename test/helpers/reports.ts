/** Complete, consistent reports for tests: every required field of a school's levels for a period kind. */
import type { Level, PeriodKind } from '../../schemas/catalog.ts';

type Values = Record<string, number>;

const REQUIRED: Record<PeriodKind, Record<Level, Values>> = {
  plan: {
    MN: { mn_classes: 10, pupils_planned: 250 },
    TH: { th_classes: 20, pupils_planned: 700 },
    THCS: { thcs_classes: 12, pupils_planned: 400 },
  },
  start: {
    MN: { mn_classes: 10, mn_pupils: 250, mn_nt_enrolled: 50, mn_nt_population: 120, mn_mg_enrolled: 200, mn_mg_population: 230, teachers: 18 },
    TH: { th_classes: 20, th_pupils: 700, teachers: 27 },
    THCS: { thcs_classes: 12, thcs_pupils: 400, teachers: 23 },
  },
  semester1: {
    MN: { mn_measured: 250, mn_normal_weight: 240, mn_normal_height: 245 },
    TH: { th_assessed: 700, th_class_completed: 690 },
    THCS: { thcs_assessed: 400 },
  },
  end: {
    MN: {
      mn_measured: 250,
      mn_normal_weight: 240,
      mn_normal_height: 245,
      mn_5y_children: 80,
      mn_5y_completed: 80,
    },
    TH: { th_assessed: 700, th_class_completed: 690, th_grade5: 130, th_completed: 129 },
    THCS: { thcs_assessed: 400, thcs_promoted: 397, thcs_grade9: 100, thcs_graduated: 99 },
  },
};

/**
 * A complete report (meeting the province's targets of 001, so that it triggers no target event) for a school of these levels in a period (`2022-2023.start` or a kind), with
 * overrides on top. Shared fields (teachers, the planned pupils) add up over the levels.
 */
export const completeReport = (levels: readonly Level[], period: string, overrides: Values = {}): Values => {
  const kind = (period.includes('.') ? period.split('.')[1] : period) as PeriodKind;
  const out: Values = {};
  for (const level of levels) {
    for (const [code, value] of Object.entries(REQUIRED[kind][level])) {
      const shared = code === 'teachers' || code === 'pupils_planned';
      out[code] = shared ? (out[code] ?? 0) + value : value;
    }
  }
  return { ...out, ...overrides };
};
