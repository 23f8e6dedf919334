import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeReport } from '../helpers/reports.ts';
import { startTestRuntime, type TestRuntime, waitFor } from '../helpers/runtime.ts';

const SCHOOL = 'lc-tp-th-kim-dong';
const OTHER_SCHOOL = 'lc-tp-th-le-van-tam';
const PERIOD = '2022-2023.start';
// Tests that write report for their own period (or school), so they hold in any order.
const CORRECTION_PERIOD = '2023-2024.start';
const RETRY_PERIOD = '2022-2023.end';
const WARNING_PERIOD = '2021-2022.start';
const HISTORY_PERIOD = '2021-2022.end';

describe('HTTP API over the local runtime', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(async () => {
    await rt?.stop();
  });

  const rollup = async (unitId: string, token: string, period = PERIOD) => (await rt.api(`/api/units/${unitId}/rollups/${period}`, { token })).body;

  describe('public reads', () => {
    it('GET /health answers ok', async () => {
      expect(await rt.api('/health')).toEqual({ status: 200, body: { status: 'ok' } });
    });
    it('GET /api/catalog lists indicators with their kind and periods with their school year', async () => {
      const { status, body } = await rt.api('/api/catalog');
      expect(status).toBe(200);
      expect(body.indicators.find((i: { code: string }) => i.code === 'th_completion_rate')).toMatchObject({ kind: 'rate', levels: ['TH'] });
      expect(body.periods.find((p: { id: string }) => p.id === PERIOD)).toMatchObject({ schoolYear: '2022-2023' });
    });
    it('GET /api/units lists the top-level units and GET /api/units/{id} its children', async () => {
      expect((await rt.api('/api/units')).body.units).toEqual([{ id: 'lao-cai', name: 'Tỉnh Lào Cai', kind: 'province' }]);
      const city = await rt.api('/api/units/lc-tp-lao-cai');
      expect(city.body).toMatchObject({ id: 'lc-tp-lao-cai', kind: 'city', parentId: 'lao-cai' });
      expect(city.body.children.map((c: { kind: string }) => c.kind)).toEqual(['ward', 'ward']);
      const school = await rt.api(`/api/units/${SCHOOL}`);
      expect(school.body).toMatchObject({ kind: 'school', levels: ['TH'], children: [] });
      expect((await rt.api('/api/units/khong-co')).status).toBe(404);
    });
  });

  describe('POST /api/submissions', () => {
    it('given a school token, when it submits, then 202 and the province rollup shows it', async () => {
      const token = await rt.token(SCHOOL, 'school');
      const leader = await rt.token('lao-cai', 'leader');
      const answer = await rt.api('/api/submissions', {
        token,
        body: {
          unitId: SCHOOL,
          period: PERIOD,
          values: completeReport(['TH'], PERIOD, { th_classes: 20, th_pupils: 700, th_6y_entered: 98, th_6y_population: 100 }),
        },
      });
      expect(answer.status).toBe(202);
      expect(answer.body).toMatchObject({ version: 1 });
      expect(typeof answer.body.submissionId).toBe('string');
      const province = await waitFor(
        () => rollup('lao-cai', leader),
        (r) => r.indicators?.pupils?.value === 700,
      );
      expect(province).toMatchObject({
        unitId: 'lao-cai',
        period: PERIOD,
        indicators: { classes: { value: 20 }, pupils: { value: 700 }, th_grade1_intake: { value: 0.98, numerator: 98, denominator: 100 } },
        completeness: { expected: 4, submitted: 1 },
        breakdown: { public: { th_pupils: { value: 700 } } },
      });
      expect(province.updatedAt).toMatch(/\+07:00$/);
      for (const unit of ['lc-tp-lao-cai', 'lc-tp-p-kim-tan']) {
        expect((await rollup(unit, leader)).indicators.pupils.value).toBe(700);
      }
      expect((await rollup('lc-tp-p-coc-leu', leader)).indicators).toEqual({});
    });

    it('given a correction, then every ancestor holds the new version only', async () => {
      const token = await rt.token(OTHER_SCHOOL, 'school');
      const leader = await rt.token('lc-tp-lao-cai', 'leader');
      const period = CORRECTION_PERIOD;
      const first = completeReport(['TH'], period, { th_classes: 10, th_pupils: 300, teachers_qualified: 12 });
      expect((await rt.api('/api/submissions', { token, body: { unitId: OTHER_SCHOOL, period, values: first } })).status).toBe(202);
      // A correction gives what changes; null clears a value; what it leaves out is kept.
      const second = await rt.api('/api/submissions', { token, body: { unitId: OTHER_SCHOOL, period, values: { th_classes: 11, teachers_qualified: null } } });
      expect(second.status).toBe(202);
      expect(second.body.version).toBe(2);
      await rt.settle();
      const ward = await rollup('lc-tp-p-coc-leu', leader, period);
      expect(ward.indicators.classes.value).toBe(11);
      expect(ward.indicators.pupils.value).toBe(300);
      expect(ward.indicators.th_pupils.value).toBe(300);
      expect(ward.indicators.teachers_qualified?.value ?? 0).toBe(0);
      expect(ward.completeness).toMatchObject({ expected: 2, submitted: 1, missing: [{ id: 'lc-tp-mn-hoa-hong', name: 'Trường Mầm non Hoa Hồng' }] });
    });

    it('given an idempotency key, when the POST is retried, then the first answer comes back and nothing new is stored', async () => {
      const token = await rt.token('lc-tp-mn-hoa-hong', 'school');
      const body = {
        unitId: 'lc-tp-mn-hoa-hong',
        period: RETRY_PERIOD,
        values: completeReport(['MN'], RETRY_PERIOD, { mn_classes: 8, mn_pupils: 240 }),
        idempotencyKey: 'retry-key-0001',
      };
      const first = await rt.api('/api/submissions', { token, body });
      expect(first.body).toMatchObject({ version: 1 });
      const again = await rt.api('/api/submissions', { token, body });
      expect(again).toEqual(first);
      await rt.settle();
      const leader = await rt.token('lao-cai', 'leader');
      expect((await rollup('lc-tp-mn-hoa-hong', leader, RETRY_PERIOD)).indicators.pupils.value).toBe(240);
      const next = await rt.api('/api/submissions', { token, body: { ...body, idempotencyKey: undefined } });
      expect(next.body.version).toBe(2);
    });

    it('given an invalid body, then 400 lists every problem with its path and a Vietnamese message, and nothing stored changes', async () => {
      const token = await rt.token(SCHOOL, 'school');
      const leader = await rt.token('lao-cai', 'leader');
      await rt.settle();
      const before = await rollup(SCHOOL, leader);
      const bad = await rt.api('/api/submissions', {
        token,
        body: { unitId: SCHOOL, period: PERIOD, values: { th_classes: -1, th_pupils: 'nhiều', th_6y_population: 30, th_6y_entered: 31 } },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('Dữ liệu báo cáo không hợp lệ');
      expect(bad.body.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'values.th_classes', message: 'Giá trị không được âm' }),
          expect.objectContaining({ path: 'values.th_pupils', message: 'Giá trị phải là một số' }),
          expect.objectContaining({ path: 'values.th_6y_entered', code: 'numerator_above_denominator' }),
        ]),
      );
      const domain = await rt.api('/api/submissions', {
        token,
        body: { unitId: SCHOOL, period: PERIOD, values: { th_6y_entered: 101, th_6y_population: 100, mn_unknown: 1 } },
      });
      expect(domain.status).toBe(400);
      expect(domain.body.issues.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['numerator_above_denominator', 'unknown_indicator']));
      const period = await rt.api('/api/submissions', { token, body: { unitId: SCHOOL, period: '1999-2000.start', values: { th_classes: 1 } } });
      expect(period.body.issues[0]).toMatchObject({ path: 'period', code: 'unknown_period' });
      const notJson = await rt.api('/api/submissions', { token, rawBody: '{"unitId":', headers: { 'content-type': 'application/json' } });
      expect(notJson.status).toBe(400);
      const tooBig = await rt.api('/api/submissions', { token, body: { unitId: SCHOOL, period: PERIOD, values: {}, pad: 'x'.repeat(70_000) } });
      expect(tooBig.status).toBe(413);
      await rt.settle();
      expect(await rollup(SCHOOL, leader)).toEqual(before);
    });
  });

  it('given an implausible class size, then it is accepted with a Vietnamese warning, marked late against the due date', async () => {
    const token = await rt.token('lc-tp-thcs-le-quy-don', 'school');
    const answer = await rt.api('/api/submissions', {
      token,
      body: {
        unitId: 'lc-tp-thcs-le-quy-don',
        period: WARNING_PERIOD,
        values: completeReport(['THCS'], WARNING_PERIOD, { thcs_classes: 2, thcs_pupils: 300 }),
      },
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ version: 1, dueOn: '2021-10-31', late: true });
    expect(answer.body.warnings).toEqual([expect.objectContaining({ path: 'values.thcs_pupils', code: 'implausible_average' })]);
    expect(answer.body.warnings[0].message).toContain('học sinh/lớp');
  });

  it('refuses a unit that is not a school and a period not open yet, listing path, code and message', async () => {
    const ward = await rt.api('/api/submissions', {
      token: await rt.token('lc-tp-p-kim-tan', 'school'),
      body: { unitId: 'lc-tp-p-kim-tan', period: PERIOD, values: { th_classes: 1 } },
    });
    expect(ward.status).toBe(400);
    expect(ward.body.issues).toEqual([{ path: 'unitId', code: 'not_a_school', message: 'Đơn vị "lc-tp-p-kim-tan" không phải là trường học' }]);
    const { acceptSubmission } = await import('../../functions/commons/intake.ts');
    const { CATALOG } = await import('../../catalog/index.ts');
    const early = acceptSubmission({
      tableName: rt.tableName,
      catalog: CATALOG,
      claims: { sub: 't', unit: SCHOOL, role: 'school' },
      body: { unitId: SCHOOL, period: PERIOD, values: completeReport(['TH'], PERIOD) },
      source: 'api',
      now: new Date('2022-08-20T00:00:00+07:00'),
    });
    await expect(early).rejects.toMatchObject({ statusCode: 400, issues: [expect.objectContaining({ path: 'period', code: 'period_not_open' })] });
  });

  it('lists every version of a school with who, when, source and the changes, for the school and its leaders only', async () => {
    const token = await rt.token(OTHER_SCHOOL, 'school');
    const period = HISTORY_PERIOD;
    const first = completeReport(['TH'], period, { th_classes: 10, th_pupils: 300, th_grade5: 60, th_completed: 59 });
    expect((await rt.api('/api/submissions', { token, body: { unitId: OTHER_SCHOOL, period, values: first } })).status).toBe(202);
    const correction = { th_classes: 11, th_completed: null };
    // Clearing a required value of a final report is refused; a draft may.
    expect((await rt.api('/api/submissions', { token, body: { unitId: OTHER_SCHOOL, period, values: correction } })).status).toBe(400);
    expect((await rt.api('/api/submissions', { token, body: { unitId: OTHER_SCHOOL, period, values: correction, draft: true } })).status).toBe(202);
    const path = `/api/units/${OTHER_SCHOOL}/submissions/${period}`;
    const history = await rt.api(path, { token: await rt.token('lc-tp-lao-cai', 'leader') });
    expect(history.status).toBe(200);
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(history.body.versions[1]).toMatchObject({
      source: 'api',
      submittedBy: `test-school-${OTHER_SCHOOL}`,
      draft: true,
      changes: { th_classes: { from: 10, to: 11 }, classes: { from: 10, to: 11 }, th_completed: { from: 59, to: null } },
    });
    expect(history.body.versions[0].draft).toBeUndefined();
    expect((await rt.api(path, { token: await rt.token(OTHER_SCHOOL, 'school') })).status).toBe(200);
    expect((await rt.api(path, { token: await rt.token(SCHOOL, 'school') })).status).toBe(403);
    expect((await rt.api(path, { token: await rt.token('lc-tp-p-kim-tan', 'leader') })).status).toBe(403);
  });

  describe('who may do what', () => {
    it('refuses a missing, tampered or expired token with 401', async () => {
      const body = { unitId: SCHOOL, period: PERIOD, values: { classes: 1 } };
      expect((await rt.api('/api/submissions', { body })).status).toBe(401);
      const token = await rt.token(SCHOOL, 'school');
      const tampered = `${token.slice(0, -3)}${token.endsWith('A') ? 'B' : 'A'}aa`;
      expect((await rt.api('/api/submissions', { token: tampered, body })).status).toBe(401);
      const expired = await rt.token(SCHOOL, 'school', '-1m');
      const answer = await rt.api('/api/submissions', { token: expired, body });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('Mã truy cập đã hết hạn');
      expect((await rt.api(`/api/units/lao-cai/rollups/${PERIOD}`)).status).toBe(401);
    });
    it('refuses with 403 a school submitting for another school and a leader submitting at all', async () => {
      const body = { unitId: SCHOOL, period: PERIOD, values: { classes: 1 } };
      expect((await rt.api('/api/submissions', { token: await rt.token(OTHER_SCHOOL, 'school'), body })).status).toBe(403);
      expect((await rt.api('/api/submissions', { token: await rt.token('lao-cai', 'leader'), body })).status).toBe(403);
    });
    it('lets a leader read its subtree only, and a school only itself', async () => {
      const ward = await rt.token('lc-tp-p-kim-tan', 'leader');
      expect((await rt.api(`/api/units/${SCHOOL}/rollups/${PERIOD}`, { token: ward })).status).toBe(200);
      expect((await rt.api(`/api/units/lc-tp-p-coc-leu/rollups/${PERIOD}`, { token: ward })).status).toBe(403);
      expect((await rt.api(`/api/units/lc-tp-lao-cai/rollups/${PERIOD}`, { token: ward })).status).toBe(403);
      const school = await rt.token(SCHOOL, 'school');
      expect((await rt.api(`/api/units/${SCHOOL}/rollups/${PERIOD}`, { token: school })).status).toBe(200);
      expect((await rt.api(`/api/units/lc-tp-p-kim-tan/rollups/${PERIOD}`, { token: school })).status).toBe(403);
    });
  });
});
