/**
 * Demo submissions, generated deterministically so that, rolled up by the real pipeline, the
 * seed tables come out to the unit: Lào Cai city's table of 000 II.2.1 (2021-2022 end of year and
 * 2022-2023 start of year, every level and public/private row) and Uông Bí's footnote fractions
 * of 003 (2021-2022). Other schools get plausible figures for 2022-2023.start.
 */
import { seededRandom } from '../domain/random.ts';
import type { Values } from '../schemas/submission.ts';
import type { Unit } from '../schemas/unit.ts';
import { PERIOD_FIELDS } from './fields.ts';

export interface DemoSubmission {
  schoolId: string;
  period: string;
  values: Values;
}

const random = seededRandom;

/** Split an integer total over weights, exactly (largest remainder). */
export const splitInteger = (total: number, weights: readonly number[]): number[] => {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (sum === 0 ? 0 : (total * w) / sum));
  const parts = raw.map(Math.floor);
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) (parts[(order[k] as readonly [number, number])[1]] as number)++;
  return parts;
};

/** Split a fraction num/den over schools by weight, keeping num ≤ den at every school. */
const splitFraction = (num: number, den: number, weights: readonly number[]): [number[], number[]] => {
  const dens = splitInteger(den, weights);
  const misses = splitInteger(
    den - num,
    dens.map((d) => Math.max(d, 0)),
  );
  return [dens.map((d, i) => d - Math.min(misses[i] as number, d)), dens];
};

const weightsFor = (schools: readonly Unit[], salt: string): number[] => schools.map((s) => 0.6 + random(`${s.id}${salt}`)());

interface LevelTotals {
  classes: number;
  pupils: number;
}

/** Classes and pupils of one level over schools: classes by weight, pupils in proportion to classes. */
const scale = (schools: readonly Unit[], totals: LevelTotals, salt: string): { classes: number[]; pupils: number[] } => {
  const classes = splitInteger(totals.classes, weightsFor(schools, salt));
  return { classes, pupils: splitInteger(totals.pupils, classes) };
};

const rate = (n: number, ratio: number): number => Math.min(n, Math.round(n * ratio));

/** Plausible quality figures for a school, derived from its own scale (always consistent). */
const quality = (unit: Unit, v: Values, salt: string): Values => {
  const r = random(`${unit.id}${salt}q`);
  const out: Values = {};
  const teachersPerClass = { MN: 1.82, TH: 1.37, THCS: 1.91 } as const;
  let teachers = 0;
  if (v.mn_pupils !== undefined) {
    const p = v.mn_pupils;
    out.mn_measured = p;
    out.mn_normal_weight = rate(p, 0.94 + r() * 0.04);
    out.mn_normal_height = rate(p, 0.96 + r() * 0.03);
    out.mn_5y_children = Math.round(p * 0.3);
    out.mn_5y_completed = rate(out.mn_5y_children, 0.995 + r() * 0.005);
    teachers += Math.round((v.mn_classes ?? 0) * teachersPerClass.MN);
  }
  if (v.th_pupils !== undefined) {
    const p = v.th_pupils;
    out.th_assessed = p;
    out.th_class_completed = rate(p, 0.985 + r() * 0.014);
    out.th_6y_population ??= Math.round(p * 0.2);
    out.th_6y_entered ??= out.th_6y_population;
    out.th_grade5 ??= Math.round(p * 0.19);
    out.th_completed ??= rate(out.th_grade5, 0.995 + r() * 0.005);
    teachers += Math.round((v.th_classes ?? 0) * teachersPerClass.TH);
  }
  if (v.thcs_pupils !== undefined) {
    const p = v.thcs_pupils;
    out.thcs_assessed = p;
    out.thcs_promoted = rate(p, 0.98 + r() * 0.019);
    out.thcs_good = rate(p, 0.05 + r() * 0.1);
    out.thcs_fair = rate(p, 0.35 + r() * 0.1);
    out.thcs_weak = rate(p, r() * 0.04);
    out.thcs_grade9 = Math.round(p * 0.24);
    out.thcs_graduated = rate(out.thcs_grade9, 0.99 + r() * 0.01);
    out.thcs_continuing = rate(out.thcs_graduated, 0.8 + r() * 0.18);
    teachers += Math.round((v.thcs_classes ?? 0) * teachersPerClass.THCS);
  }
  out.teachers = teachers;
  out.teachers_qualified = rate(teachers, 0.93 + r() * 0.07);
  out.teachers_above = rate(out.teachers_qualified, 0.25 + r() * 0.2);
  const pupils = (v.mn_pupils ?? 0) + (v.th_pupils ?? 0) + (v.thcs_pupils ?? 0);
  out.attendance_expected = pupils * 90;
  out.attendance_present = rate(out.attendance_expected, 0.95 + r() * 0.049);
  out.pupils_planned = Math.round(pupils * (0.98 + r() * 0.04));
  return out;
};

const byTypeOwnership = (schools: readonly Unit[], level: 'MN' | 'TH' | 'THCS', ownership: 'public' | 'private'): Unit[] =>
  schools.filter((s) => s.levels?.includes(level) && (s.ownership ?? 'public') === ownership);

type SeedScale = Record<'MN' | 'TH' | 'THCS', Partial<Record<'public' | 'private', LevelTotals>>>;

/**
 * Lào Cai city, 000 II.2.1. One inconsistency in the source: for 2021-2022 the preschool row says
 * 391 classes while its public (202) and private (168) rows add up to 370; the level row and the
 * total (1,096) agree with 391, so the 21 unexplained classes are put with the private row (189).
 */
export const LAO_CAI_CITY_TABLE: Record<string, SeedScale> = {
  '2021-2022.end': {
    MN: { public: { classes: 202, pupils: 6293 }, private: { classes: 189, pupils: 3713 } },
    TH: { public: { classes: 437, pupils: 15431 }, private: { classes: 4, pupils: 60 } },
    THCS: { public: { classes: 264, pupils: 9892 } },
  },
  '2022-2023.start': {
    MN: { public: { classes: 205, pupils: 6173 }, private: { classes: 168, pupils: 3410 } },
    TH: { public: { classes: 452, pupils: 15766 }, private: { classes: 5, pupils: 71 } },
    THCS: { public: { classes: 272, pupils: 10165 } },
  },
};

/** Uông Bí, 003 footnotes 4 and 5 (school year 2021-2022, end of year). */
export const UONG_BI_2021_2022 = {
  period: '2021-2022.end',
  scale: {
    MN: { public: { classes: 278, pupils: 6683 } },
    TH: { public: { classes: 326, pupils: 12848 } },
    THCS: { public: { classes: 188, pupils: 8382 } },
  } as SeedScale,
  ntEnrolled: 1252,
  ntPopulation: 4152,
  mgEnrolled: 5431,
  mgPopulation: 6073,
  thCompleted: 2394,
  thGrade5: 2397,
  th6yEntered: 2487,
  th6yPopulation: 2487,
  level2Schools: 26,
};

const PREFIX = { MN: 'mn', TH: 'th', THCS: 'thcs' } as const;

/** Scale values of every school of a set, reproducing a seed table row by row. */
const scaleFromTable = (schools: readonly Unit[], table: SeedScale, salt: string): Map<string, Values> => {
  const values = new Map<string, Values>(schools.map((s) => [s.id, {}]));
  for (const level of ['MN', 'TH', 'THCS'] as const) {
    for (const ownership of ['public', 'private'] as const) {
      const totals = table[level][ownership];
      const group = byTypeOwnership(schools, level, ownership);
      if (!totals) continue;
      if (group.length === 0) throw new Error(`No ${level}/${ownership} school for ${salt}`);
      const { classes, pupils } = scale(group, totals, `${salt}${level}${ownership}`);
      group.forEach((s, i) => {
        const v = values.get(s.id) as Values;
        v[`${PREFIX[level]}_classes`] = classes[i] as number;
        v[`${PREFIX[level]}_pupils`] = pupils[i] as number;
      });
    }
  }
  return values;
};

const withPreschoolMobilisation = (
  schools: readonly Unit[],
  values: Map<string, Values>,
  salt: string,
  fractions?: { ntEnrolled: number; ntPopulation: number; mgEnrolled: number; mgPopulation: number },
): void => {
  const mn = schools.filter((s) => s.levels?.includes('MN'));
  const pupils = mn.map((s) => values.get(s.id)?.mn_pupils ?? 0);
  let nt: number[];
  let ntPop: number[];
  let mgPop: number[];
  if (fractions) {
    // Enrolled children split so that nhà trẻ + mẫu giáo = the school's pupils.
    nt = splitInteger(fractions.ntEnrolled, pupils);
    const ntFixed = nt.map((n, i) => Math.min(n, pupils[i] as number));
    const drift = fractions.ntEnrolled - ntFixed.reduce((a, b) => a + b, 0);
    if (drift !== 0) throw new Error('nhà trẻ split drifted');
    nt = ntFixed;
    ntPop = splitInteger(
      fractions.ntPopulation,
      nt.map((n) => n + 1),
    );
    mgPop = splitInteger(
      fractions.mgPopulation,
      pupils.map((p, i) => p - (nt[i] as number) + 1),
    );
  } else {
    nt = pupils.map((p) => Math.round(p * 0.2));
    ntPop = nt.map((n, i) => Math.round(n / (0.3 + random(`${mn[i]?.id}${salt}nt`)() * 0.2)));
    mgPop = pupils.map((p, i) => Math.round((p - (nt[i] as number)) / (0.85 + random(`${mn[i]?.id}${salt}mg`)() * 0.14)));
  }
  mn.forEach((s, i) => {
    const v = values.get(s.id) as Values;
    v.mn_nt_enrolled = nt[i] as number;
    v.mn_mg_enrolled = (pupils[i] as number) - (nt[i] as number);
    v.mn_nt_population = Math.max(ntPop[i] as number, nt[i] as number);
    v.mn_mg_population = Math.max(mgPop[i] as number, v.mn_mg_enrolled);
  });
};

/** Only the fields the period's kind collects (`catalog/fields.ts`). */
const ofPeriod = (period: string, values: Values): Values => {
  const fields = new Set(PERIOD_FIELDS[period.split('.')[1] as keyof typeof PERIOD_FIELDS].fields);
  return Object.fromEntries(Object.entries(values).filter(([code]) => fields.has(code)));
};

const finish = (schools: readonly Unit[], values: Map<string, Values>, period: string): DemoSubmission[] =>
  schools.map((s) => {
    const v = values.get(s.id) as Values;
    return { schoolId: s.id, period, values: ofPeriod(period, { ...v, ...quality(s, v, period), ...v }) };
  });

export const demoSubmissions = (units: readonly Unit[]): DemoSubmission[] => {
  const schools = units.filter((u) => u.kind === 'school' && !u.closed);
  const lcCity = schools.filter((s) => s.id.startsWith('lc-tp-'));
  const uongBi = schools.filter((s) => s.id.startsWith('qn-ub-'));
  const others = schools.filter((s) => !lcCity.includes(s) && !uongBi.includes(s));
  const out: DemoSubmission[] = [];

  for (const [period, table] of Object.entries(LAO_CAI_CITY_TABLE)) {
    const values = scaleFromTable(lcCity, table, period);
    withPreschoolMobilisation(lcCity, values, period);
    out.push(...finish(lcCity, values, period));
  }

  const ub = UONG_BI_2021_2022;
  const ubValues = scaleFromTable(uongBi, ub.scale, ub.period);
  withPreschoolMobilisation(uongBi, ubValues, ub.period, ub);
  const primary = uongBi.filter((s) => s.levels?.includes('TH'));
  const primaryWeights = primary.map((s) => ubValues.get(s.id)?.th_pupils ?? 0);
  const [completed, grade5] = splitFraction(ub.thCompleted, ub.thGrade5, primaryWeights);
  const [entered, population] = splitFraction(ub.th6yEntered, ub.th6yPopulation, primaryWeights);
  primary.forEach((s, i) => {
    Object.assign(ubValues.get(s.id) as Values, {
      th_completed: completed[i],
      th_grade5: grade5[i],
      th_6y_entered: entered[i],
      th_6y_population: population[i],
    });
  });
  uongBi.forEach((s, i) => {
    Object.assign(ubValues.get(s.id) as Values, { std_national: 1, std_level2: i < ub.level2Schools ? 1 : 0 });
  });
  out.push(...finish(uongBi, ubValues, ub.period));

  // Other schools of Lào Cai province: plausible, reproducible figures for 2022-2023.start.
  const period = '2022-2023.start';
  const otherValues = new Map<string, Values>();
  for (const s of others) {
    const r = random(`${s.id}${period}`);
    const v: Values = {};
    for (const level of s.levels ?? []) {
      const classes = (level === 'MN' ? 5 : level === 'TH' ? 10 : 6) + Math.floor(r() * 10);
      const perClass = (level === 'MN' ? 18 : level === 'TH' ? 26 : 30) + Math.floor(r() * 8);
      v[`${PREFIX[level]}_classes`] = classes;
      v[`${PREFIX[level]}_pupils`] = classes * perClass;
    }
    v.std_national = r() < 0.65 ? 1 : 0;
    v.std_level2 = v.std_national === 1 && r() < 0.2 ? 1 : 0;
    otherValues.set(s.id, v);
  }
  withPreschoolMobilisation(others, otherValues, period);
  out.push(...finish(others, otherValues, period));
  return out;
};
