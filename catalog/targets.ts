import type { z } from 'zod';
import type { TargetSchema } from '../schemas/catalog.ts';

type TargetInput = z.input<typeof TargetSchema>;

/**
 * Targets (chỉ tiêu) from the seed plans. Thresholds of rates and flags are fractions.
 * A unit without its own target is held to its nearest ancestor's.
 */
export const TARGETS: TargetInput[] = [
  // Lào Cai province, 001: emulation targets of school year 2021-2022
  { indicator: 'attendance_rate', threshold: 0.98, direction: 'atLeast', unitId: 'lao-cai', schoolYear: '2021-2022', source: '001 mục 3' },
  {
    indicator: 'plan_fulfilment',
    threshold: 0.98,
    direction: 'atLeast',
    unitId: 'lao-cai',
    schoolYear: '2021-2022',
    source: '001 mục 3 (THCS ≥ 98%, MN và TH ≥ 99,9%)',
  },
  { indicator: 'mn_5y_completion', threshold: 0.998, direction: 'atLeast', unitId: 'lao-cai', schoolYear: '2021-2022', source: '001 mục 4' },
  { indicator: 'th_class_completion', threshold: 0.985, direction: 'atLeast', unitId: 'lao-cai', schoolYear: '2021-2022', source: '001 mục 4' },
  {
    indicator: 'th_class_completion',
    threshold: 0.99,
    direction: 'atLeast',
    unitId: 'lao-cai',
    schoolYear: '2021-2022',
    group: 'std_level2',
    source: '001 mục 4 (trường chuẩn mức độ 2)',
  },
  { indicator: 'thcs_good_rate', threshold: 0.035, direction: 'atLeast', unitId: 'lao-cai', schoolYear: '2021-2022', source: '001 mục 4' },
  { indicator: 'thcs_fair_rate', threshold: 0.35, direction: 'atLeast', unitId: 'lao-cai', schoolYear: '2021-2022', source: '001 mục 4' },
  { indicator: 'thcs_weak_rate', threshold: 0.05, direction: 'atMost', unitId: 'lao-cai', schoolYear: '2021-2022', source: '001 mục 4' },
  { indicator: 'thcs_promotion', threshold: 0.99, direction: 'atLeast', unitId: 'lao-cai', schoolYear: '2021-2022', source: '001 mục 4' },
  { indicator: 'thcs_graduation', threshold: 0.99, direction: 'atLeast', unitId: 'lao-cai', schoolYear: '2021-2022', source: '001 mục 4' },
  { indicator: 'thcs_continuation', threshold: 0.755, direction: 'atLeast', unitId: 'lao-cai', schoolYear: '2021-2022', source: '001 mục 4' },
  { indicator: 'std_national', threshold: 0.649, direction: 'atLeast', unitId: 'lao-cai', schoolYear: '2021-2022', source: '001 mục 7 (392 trường)' },

  // Lào Cai city, 000: the city's own targets for 2022-2023
  { indicator: 'thcs_continuation', threshold: 0.95, direction: 'atLeast', unitId: 'lc-tp-lao-cai', schoolYear: '2022-2023', source: '000 II.2.8' },
  { indicator: 'thcs_graduation', threshold: 0.99, direction: 'atLeast', unitId: 'lc-tp-lao-cai', schoolYear: '2022-2023', source: '000' },

  // Uông Bí city, 003: plan for 2023 (school year 2022-2023)
  { indicator: 'mn_5y_completion', threshold: 1, direction: 'atLeast', unitId: 'qn-uong-bi', schoolYear: '2022-2023', source: '003 mục 3' },
  { indicator: 'th_class_completion', threshold: 0.99, direction: 'atLeast', unitId: 'qn-uong-bi', schoolYear: '2022-2023', source: '003 mục 4' },
  { indicator: 'th_completion_rate', threshold: 0.995, direction: 'atLeast', unitId: 'qn-uong-bi', schoolYear: '2022-2023', source: '003 mục 4' },
  { indicator: 'thcs_promotion', threshold: 0.98, direction: 'atLeast', unitId: 'qn-uong-bi', schoolYear: '2022-2023', source: '003 mục 5' },
  { indicator: 'thcs_graduation', threshold: 1, direction: 'atLeast', unitId: 'qn-uong-bi', schoolYear: '2022-2023', source: '003 mục 5' },
  { indicator: 'teachers_qualified_rate', threshold: 0.93, direction: 'atLeast', unitId: 'qn-uong-bi', schoolYear: '2022-2023', source: '003 mục 2' },
  { indicator: 'teachers_above_rate', threshold: 0.27, direction: 'atLeast', unitId: 'qn-uong-bi', schoolYear: '2022-2023', source: '003 mục 2' },
  { indicator: 'std_level2', threshold: 0.744, direction: 'atLeast', unitId: 'qn-uong-bi', schoolYear: '2022-2023', source: '003 (29/39 đến 2025)' },
];
