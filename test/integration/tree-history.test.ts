/**
 * The rollup of each period uses the tree as it was in that period: a school moved to another
 * ward counts under its old ward before the move and its new ward after; a closed school is not
 * expected afterwards; a school opened later is not expected before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Unit } from '../../schemas/unit.ts';
import { SMALL_TREE } from '../fixtures/small-tree.ts';
import { completeReport } from '../helpers/reports.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const OLD_PERIOD = '2021-2022.end'; // as of 2022-05-31
const NEW_PERIOD = '2022-2023.start'; // as of 2022-09-30

const tree: Unit[] = [
  ...SMALL_TREE.map((unit) =>
    unit.id === 'lc-tp-th-kim-dong'
      ? { ...unit, moves: [{ on: '2022-08-01', parentId: 'lc-tp-p-coc-leu' }] }
      : unit.id === 'lc-tp-thcs-le-quy-don'
        ? { ...unit, closed: '2022-08-01' }
        : unit,
  ),
  { id: 'lc-tp-th-moi', name: 'Trường Tiểu học Mới', kind: 'school', parentId: 'lc-tp-p-kim-tan', levels: ['TH'], ownership: 'public', opened: '2022-08-15' },
];

describe('Tree history between periods', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({ units: tree });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  const submit = async (school: string, period: string, pupils: number) =>
    rt.api('/api/submissions', {
      token: await rt.token(school, 'school'),
      body: {
        unitId: school,
        period,
        values: completeReport(['TH'], period, { th_classes: 1, th_pupils: pupils, ...(period.endsWith('.end') ? { th_grade5: 5, th_completed: 5 } : {}) }),
      },
    });
  const rollup = async (unit: string, period: string) =>
    (await rt.api(`/api/units/${unit}/rollups/${period}`, { token: await rt.token('lao-cai', 'leader') })).body;

  it('counts a moved school under the ward it belonged to in each period', async () => {
    expect((await submit('lc-tp-th-kim-dong', OLD_PERIOD, 100)).status).toBe(202);
    expect((await submit('lc-tp-th-kim-dong', NEW_PERIOD, 200)).status).toBe(202);
    await rt.settle();
    expect((await rollup('lc-tp-p-kim-tan', OLD_PERIOD)).indicators.th_pupils.value).toBe(100);
    expect((await rollup('lc-tp-p-coc-leu', OLD_PERIOD)).indicators.th_pupils).toBeUndefined();
    expect((await rollup('lc-tp-p-coc-leu', NEW_PERIOD)).indicators.th_pupils.value).toBe(200);
    expect((await rollup('lc-tp-p-kim-tan', NEW_PERIOD)).indicators.th_pupils).toBeUndefined();
    expect((await rollup('lc-tp-lao-cai', OLD_PERIOD)).indicators.th_pupils.value).toBe(100);
    expect((await rollup('lc-tp-lao-cai', NEW_PERIOD)).indicators.th_pupils.value).toBe(200);
  });

  it('does not expect a closed school later, nor an opened school earlier, and never exceeds 100%', async () => {
    const old = await rollup('lc-tp-p-kim-tan', OLD_PERIOD);
    expect(old.completeness.expected).toBe(2); // Kim Đồng (before its move) and Lê Quý Đôn (before closing)
    const now = await rollup('lc-tp-p-kim-tan', NEW_PERIOD);
    expect(now.completeness.expected).toBe(1); // only the new school
    expect(now.completeness.missing).toEqual([{ id: 'lc-tp-th-moi', name: 'Trường Tiểu học Mới' }]);
    const refused = await submit('lc-tp-thcs-le-quy-don', NEW_PERIOD, 50);
    expect(refused.status).toBe(400);
    expect(refused.body.issues[0]).toMatchObject({ path: 'unitId', code: 'school_not_open' });
    expect((await submit('lc-tp-th-moi', OLD_PERIOD, 10)).status).toBe(400);
    expect((await submit('lc-tp-th-moi', NEW_PERIOD, 10)).status).toBe(202);
    await rt.settle();
    const city = await rollup('lc-tp-lao-cai', NEW_PERIOD);
    expect(city.completeness.submitted).toBeLessThanOrEqual(city.completeness.expected);
    expect(city.completeness).toMatchObject({ expected: 4, submitted: 2 });
  });

  it('lets the old ward leader read the moved school, as it was theirs in a past period', async () => {
    const oldWard = await rt.token('lc-tp-p-kim-tan', 'leader');
    expect((await rt.api(`/api/units/lc-tp-th-kim-dong/rollups/${OLD_PERIOD}`, { token: oldWard })).status).toBe(200);
    const children = await rt.api(`/api/units/lc-tp-p-coc-leu/children/${NEW_PERIOD}`, { token: await rt.token('lc-tp-p-coc-leu', 'leader') });
    expect(children.body.children.map((c: { unitId: string }) => c.unitId).sort()).toEqual(['lc-tp-mn-hoa-hong', 'lc-tp-th-kim-dong', 'lc-tp-th-le-van-tam']);
  });
});
