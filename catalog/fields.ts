import type { z } from 'zod';
import type { AssessmentScaleSchema, PeriodFieldsSchema, PeriodKindSchema } from '../schemas/catalog.ts';

type PeriodFieldsInput = z.input<typeof PeriodFieldsSchema>;
type PeriodKind = z.infer<typeof PeriodKindSchema>;

/** The scale of a school (as of 30/9 at the start of the year, 31/5 at its end). */
const SCALE = ['mn_classes', 'mn_pupils', 'th_classes', 'th_pupils', 'thcs_classes', 'thcs_pupils', 'classes', 'pupils'];
const STAFF = ['teachers', 'teachers_qualified', 'teachers_above'];
const STANDARD = ['std_national', 'std_level2'];
const MOBILISATION = ['mn_nt_enrolled', 'mn_nt_population', 'mn_mg_enrolled', 'mn_mg_population', 'mn_enrolled', 'mn_population', 'mn_5y_children'];
const GRADE1_INTAKE = ['th_6y_population', 'th_6y_entered'];
const ATTENDANCE = ['attendance_present', 'attendance_expected'];
/** Results measured at each semester's review. */
const SEMESTER_RESULTS = [
  'mn_measured',
  'mn_normal_weight',
  'mn_normal_height',
  'th_assessed',
  'th_class_completed',
  'thcs_assessed',
  'thcs_good',
  'thcs_fair',
  'thcs_weak',
];
/** Results only the end of the year gives: completion, promotion, graduation, contests. */
const YEAR_RESULTS = [
  'mn_5y_completed',
  'th_grade5',
  'th_completed',
  'thcs_promoted',
  'thcs_grade9',
  'thcs_graduated',
  'thcs_continuing',
  'thcs_gifted_candidates',
  'thcs_gifted_prizes',
];

/**
 * What each period kind collects (shared/DOMAIN.md, "Each report period asks its own fields"):
 * - plan: the planned figures (classes and pupils assigned, the population to serve), not
 *   attendance or results;
 * - start of year: the scale (classes, pupils, staff, mobilisation, grade-1 intake, standards);
 * - semester 1: the results so far (attendance, growth, assessment);
 * - end of year: the results of the year, with the scale as of 31/5 (the seed tables compare it).
 * `required` lists, per level, what a complete report must contain; a school with two levels
 * needs both lists. Everything else is optional (attendance, for instance: not every office
 * counts it).
 */
export const PERIOD_FIELDS: Record<PeriodKind, PeriodFieldsInput> = {
  plan: {
    fields: [
      'mn_classes',
      'th_classes',
      'thcs_classes',
      'classes',
      'pupils_planned',
      'mn_nt_population',
      'mn_mg_population',
      'mn_population',
      'th_6y_population',
    ],
    required: {
      MN: ['mn_classes', 'pupils_planned'],
      TH: ['th_classes', 'pupils_planned'],
      THCS: ['thcs_classes', 'pupils_planned'],
    },
  },
  start: {
    fields: [...SCALE, 'pupils_planned', ...STAFF, ...STANDARD, ...MOBILISATION, ...GRADE1_INTAKE],
    required: {
      MN: ['mn_classes', 'mn_pupils', 'mn_nt_enrolled', 'mn_nt_population', 'mn_mg_enrolled', 'mn_mg_population', 'teachers'],
      TH: ['th_classes', 'th_pupils', 'teachers'],
      THCS: ['thcs_classes', 'thcs_pupils', 'teachers'],
    },
  },
  semester1: {
    fields: [...ATTENDANCE, ...SEMESTER_RESULTS],
    required: {
      MN: ['mn_measured', 'mn_normal_weight', 'mn_normal_height'],
      TH: ['th_assessed', 'th_class_completed'],
      THCS: ['thcs_assessed'],
    },
  },
  end: {
    fields: [...SCALE, ...STAFF, ...STANDARD, ...MOBILISATION, ...GRADE1_INTAKE, ...ATTENDANCE, ...SEMESTER_RESULTS, ...YEAR_RESULTS],
    required: {
      MN: ['mn_measured', 'mn_normal_weight', 'mn_normal_height', 'mn_5y_children', 'mn_5y_completed'],
      TH: ['th_assessed', 'th_class_completed', 'th_grade5', 'th_completed'],
      THCS: ['thcs_assessed', 'thcs_promoted', 'thcs_grade9', 'thcs_graduated'],
    },
  },
};

/**
 * Lower-secondary assessment of learning results. Circular 22/2021/TT-BGDĐT (Tốt / Khá / Đạt /
 * Chưa đạt) was phased in one grade a year from grade 6 in 2021-2022; until its turn a grade kept
 * Circular 58/2011/TT-BGDĐT (Giỏi / Khá / Trung bình / Yếu / Kém). Seed 001's 2021-2022 targets use
 * the older names. `thcs_good`, `thcs_fair` and `thcs_weak` count the top, second and failing
 * ratings of whichever scale a grade used (`domain/assessment.ts` names them for a school year).
 */
export const ASSESSMENT_SCALES: z.input<typeof AssessmentScaleSchema>[] = [
  {
    id: 'tt58_2011',
    regulation: 'Thông tư 58/2011/TT-BGDĐT',
    ratings: [
      { code: 'gioi', label: 'Giỏi' },
      { code: 'kha', label: 'Khá' },
      { code: 'trung_binh', label: 'Trung bình' },
      { code: 'yeu', label: 'Yếu' },
      { code: 'kem', label: 'Kém' },
    ],
    from: { '6': '2011-2012', '7': '2011-2012', '8': '2011-2012', '9': '2011-2012' },
  },
  {
    id: 'tt22_2021',
    regulation: 'Thông tư 22/2021/TT-BGDĐT',
    ratings: [
      { code: 'tot', label: 'Tốt' },
      { code: 'kha', label: 'Khá' },
      { code: 'dat', label: 'Đạt' },
      { code: 'chua_dat', label: 'Chưa đạt' },
    ],
    from: { '6': '2021-2022', '7': '2022-2023', '8': '2023-2024', '9': '2024-2025' },
  },
];
