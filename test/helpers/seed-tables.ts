/**
 * The demo submissions, posted through the API and rolled up by the real pipeline, reproduce the
 * seed tables: Lào Cai city's table of 000 II.2.1 and Uông Bí's fractions of 003. The same figures
 * come out of the post-2025 two-level tree (school → commune → province), built by data alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSubmissions } from '../../catalog/demo-submissions.ts';
import { DEMO_UNITS } from '../../catalog/units.ts';
import { postDemoSubmissions } from '../../local/demo.ts';
import type { Unit } from '../../schemas/unit.ts';
import { startTestRuntime, TEST_SECRET, type TestRuntime, waitFor } from './runtime.ts';

const seeded = demoSubmissions(DEMO_UNITS).filter((s) => s.schoolId.startsWith('lc-tp-') || s.schoolId.startsWith('qn-ub-'));
/** The two-level tree of the seeded cities alone: their schools hang from communes, communes from provinces. */
export const seededCities = DEMO_UNITS.filter((u) => !u.id.startsWith('lc-h-') && !u.id.startsWith('lc-tx-'));

/** Rows of 000 II.2.1: schools / classes / pupils per level and ownership, and the total. */
const TABLE_000 = {
  // The source's private preschool row says 168 classes, but 391 − 202 = 189: see LAO_CAI_CITY_TABLE.
  '2021-2022.end': {
    MN: [32, 391, 10006],
    MNpublic: [18, 202, 6293],
    MNprivate: [14, 189, 3713],
    TH: [20, 441, 15491],
    THpublic: [19, 437, 15431],
    THprivate: [1, 4, 60],
    THCS: [21, 264, 9892],
    total: [73, 1096, 35389],
  },
  '2022-2023.start': {
    MN: [32, 373, 9583],
    MNpublic: [18, 205, 6173],
    MNprivate: [14, 168, 3410],
    TH: [20, 457, 15837],
    THpublic: [19, 452, 15766],
    THprivate: [1, 5, 71],
    THCS: [21, 272, 10165],
    total: [73, 1102, 35585],
  },
} as const;

type Rollup = {
  indicators: Record<string, { value: number | null; numerator?: number; denominator?: number; share?: number }>;
  breakdown: Record<string, Record<string, { value: number | null }>>;
  schools: Record<string, number>;
  completeness: { expected: number; submitted: number; missing: unknown[] };
};

const v = (r: Rollup, code: string): number | null | undefined => r.indicators[code]?.value;
const bv = (r: Rollup, group: string, code: string): number | null | undefined => r.breakdown[group]?.[code]?.value;
const schools = (r: Rollup, match: (key: string) => boolean): number =>
  Object.entries(r.schools)
    .filter(([key]) => match(key))
    .reduce((a, [, n]) => a + n, 0);

const checkLaoCaiCity = (rollup: Rollup, period: keyof typeof TABLE_000): void => {
  const t = TABLE_000[period];
  const rows: [string, number, number | null | undefined, number | null | undefined][] = [
    ['MN', schools(rollup, (k) => k.startsWith('MN/')), v(rollup, 'mn_classes'), v(rollup, 'mn_pupils')],
    ['MNpublic', schools(rollup, (k) => k === 'MN/public'), bv(rollup, 'public', 'mn_classes'), bv(rollup, 'public', 'mn_pupils')],
    ['MNprivate', schools(rollup, (k) => k === 'MN/private'), bv(rollup, 'private', 'mn_classes'), bv(rollup, 'private', 'mn_pupils')],
    ['TH', schools(rollup, (k) => k.startsWith('TH/')), v(rollup, 'th_classes'), v(rollup, 'th_pupils')],
    ['THpublic', schools(rollup, (k) => k === 'TH/public'), bv(rollup, 'public', 'th_classes'), bv(rollup, 'public', 'th_pupils')],
    ['THprivate', schools(rollup, (k) => k === 'TH/private'), bv(rollup, 'private', 'th_classes'), bv(rollup, 'private', 'th_pupils')],
    ['THCS', schools(rollup, (k) => k.startsWith('THCS/') || k.startsWith('TH&THCS/')), v(rollup, 'thcs_classes'), v(rollup, 'thcs_pupils')],
    ['total', schools(rollup, () => true), v(rollup, 'classes'), v(rollup, 'pupils')],
  ];
  for (const [row, n, classes, pupils] of rows) expect([row, n, classes, pupils]).toEqual([row, ...t[row as keyof typeof t]]);
  expect(rollup.completeness).toMatchObject({ expected: 73, submitted: 73, missing: [] });
};

const checkUongBi = (rollup: Rollup): void => {
  expect(rollup.indicators.th_completion_rate).toMatchObject({ numerator: 2394, denominator: 2397 });
  expect(rollup.indicators.th_completion_rate?.value).toBeCloseTo(0.9987, 4);
  expect(rollup.indicators.mn_nt_mobilisation).toMatchObject({ numerator: 1252, denominator: 4152 });
  expect(rollup.indicators.mn_mg_mobilisation).toMatchObject({ numerator: 5431, denominator: 6073 });
  expect(rollup.indicators.th_grade1_intake).toMatchObject({ value: 1, numerator: 2487, denominator: 2487 });
  expect(rollup.indicators.std_level2).toMatchObject({ value: 26, share: 26 / 39 });
  expect([
    v(rollup, 'mn_classes'),
    v(rollup, 'mn_pupils'),
    v(rollup, 'th_classes'),
    v(rollup, 'th_pupils'),
    v(rollup, 'thcs_classes'),
    v(rollup, 'thcs_pupils'),
  ]).toEqual([278, 6683, 326, 12848, 188, 8382]);
  expect(rollup.completeness).toMatchObject({ expected: 39, submitted: 39 });
};

export const seedTableSuite = ({ tree, units, laoCai, uongBi }: { tree: string; units: Unit[]; laoCai: string; uongBi: string }): void => {
  describe(`Seed tables through the real pipeline on the tree ${tree}`, () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await startTestRuntime({ units });
      await postDemoSubmissions(seeded, { url: rt.url, jwtSecret: TEST_SECRET, concurrency: 8 });
      await rt.settle();
    }, 180_000);
    afterAll(async () => {
      await rt?.stop();
    });

    /** The rollup once every expected school is in it (the pipeline is asynchronous). */
    const read = async (unitId: string, period: string): Promise<Rollup> => {
      const token = await rt.token(unitId, 'leader');
      const _answer = await waitFor(
        () => rt.api(`/api/units/${unitId}/rollups/${period}`, { token }),
        (a) => a.status === 200 && (a.body as Rollup).completeness.submitted === (a.body as Rollup).completeness.expected,
        30_000,
      );
      await rt.settle();
      return (await rt.api(`/api/units/${unitId}/rollups/${period}`, { token })).body as Rollup;
    };

    it('reproduces 000 II.2.1 for 2022-2023 (73 / 1,102 / 35,585) row by row', async () => {
      checkLaoCaiCity(await read(laoCai, '2022-2023.start'), '2022-2023.start');
    });

    it('reproduces 000 II.2.1 for 2021-2022 (73 / 1,096 / 35,389) row by row', async () => {
      checkLaoCaiCity(await read(laoCai, '2021-2022.end'), '2021-2022.end');
    });

    it("reproduces Uông Bí's fractions of 003 (2,394 / 2,397; 1,252 / 4,152; 5,431 / 6,073)", async () => {
      checkUongBi(await read(uongBi, '2021-2022.end'));
    });
  });
};
