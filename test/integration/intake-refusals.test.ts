/**
 * Safe input, over HTTP on the local runtime: every class of bad body gets its 4xx with the field
 * and a Vietnamese reason, and nothing stored changes; drafts are versioned but never counted;
 * rates roll up over the schools that reported both sides; a fuzz of 5,000 JSON bodies and 1,000
 * form bodies gives no 5xx and changes nothing stored.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeReport } from '../helpers/reports.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const SCHOOL = 'lc-tp-th-kim-dong';
const OTHER = 'lc-tp-th-le-van-tam';
const MN = 'lc-tp-mn-hoa-hong';
const PERIOD = '2022-2023.start';

describe('Safe input over HTTP', () => {
  let rt: TestRuntime;
  let token: string;
  let leader: string;
  beforeAll(async () => {
    rt = await startTestRuntime();
    token = await rt.token(SCHOOL, 'school');
    leader = await rt.token('lao-cai', 'leader');
    // A first complete report, so refusals are tested against stored figures.
    expect((await rt.api('/api/submissions', { token, body: { unitId: SCHOOL, period: PERIOD, values: completeReport(['TH'], PERIOD) } })).status).toBe(202);
    await rt.settle();
  });
  afterAll(async () => {
    await rt?.stop();
  });

  /** Every stored item but the ones that change on reads: what must not move when a body is refused. */
  const snapshot = async (): Promise<string> => {
    const { documentClient } = await import('../../functions/commons/clients.ts');
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documentClient.send(new ScanCommand({ TableName: rt.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const canon = (v: unknown): unknown =>
      v instanceof Set
        ? [...v].sort()
        : Array.isArray(v)
          ? v.map(canon)
          : v && typeof v === 'object'
            ? Object.fromEntries(
                Object.entries(v)
                  .sort(([a], [b]) => (a < b ? -1 : 1))
                  .map(([k, x]) => [k, canon(x)]),
              )
            : v;
    return JSON.stringify(
      items
        .map(canon)
        .map((i) => JSON.stringify(i))
        .sort(),
    );
  };
  const post = (body: unknown, who = token) => rt.api('/api/submissions', { token: who, body });
  const raw = (text: string, who = token) => rt.api('/api/submissions', { token: who, rawBody: text, headers: { 'content-type': 'application/json' } });
  const codes = (answer: { body: { issues?: { code: string }[] } }) => (answer.body.issues ?? []).map((i) => i.code);

  describe('refused bodies (400, field and reason, nothing stored changes)', () => {
    it('empty values, unknown keys, __proto__, constructor and duplicate keys', async () => {
      const before = await snapshot();
      const empty = await post({ unitId: SCHOOL, period: PERIOD, values: {} });
      expect(empty.status).toBe(400);
      expect(empty.body.issues).toEqual([expect.objectContaining({ path: 'values', code: 'empty_values', message: 'Báo cáo chưa có giá trị nào' })]);
      const proto = await raw(`{"unitId":"${SCHOOL}","period":"${PERIOD}","values":{"__proto__":5}}`);
      expect(proto.status).toBe(400);
      expect(proto.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'values.__proto__', code: 'unknown_indicator' })]));
      const protoBeside = await raw(`{"unitId":"${SCHOOL}","period":"${PERIOD}","values":{"th_classes":21,"__proto__":{"th_pupils":1}}}`);
      expect(protoBeside.status).toBe(400);
      expect(codes(protoBeside)).toContain('unknown_indicator');
      const ctor = await post({ unitId: SCHOOL, period: PERIOD, values: { constructor: 1, th_classes: 21 } });
      expect(ctor.status).toBe(400);
      expect(ctor.body.issues[0]).toMatchObject({ path: 'values.constructor', code: 'unknown_indicator' });
      const duplicate = await raw(`{"unitId":"${SCHOOL}","period":"${PERIOD}","values":{"th_classes":21,"th_classes":2}}`);
      expect(duplicate.status).toBe(400);
      expect(duplicate.body.issues).toEqual([expect.objectContaining({ path: 'values.th_classes', code: 'duplicate_key' })]);
      const escaped = await raw(`{"unitId":"${SCHOOL}","period":"${PERIOD}","values":{"th_classes":21,"th_\\u0063lasses":2}}`);
      expect(codes(escaped)).toEqual(['duplicate_key']);
      expect(await snapshot()).toBe(before);
    });

    it('a non-draft report without every required field of its levels lists each missing field in Vietnamese', async () => {
      const answer = await post({ unitId: MN, period: PERIOD, values: { mn_classes: 8 } }, await rt.token(MN, 'school'));
      expect(answer.status).toBe(400);
      const missing = answer.body.issues.filter((i: { code: string }) => i.code === 'required').map((i: { path: string }) => i.path);
      expect(missing.sort()).toEqual([
        'values.mn_mg_enrolled',
        'values.mn_mg_population',
        'values.mn_nt_enrolled',
        'values.mn_nt_population',
        'values.mn_pupils',
        'values.teachers',
      ]);
      expect(answer.body.issues.find((i: { path: string }) => i.path === 'values.mn_pupils').message).toBe(
        'Thiếu "Số trẻ mầm non" (bắt buộc trong Đầu năm học 2022-2023)',
      );
    });

    it('a field the period does not collect, a value above its plausible bound, a percent numerator without its denominator', async () => {
      const before = await snapshot();
      const notInPeriod = await post({ unitId: SCHOOL, period: PERIOD, values: { th_completed: 5 } });
      expect(notInPeriod.body.issues[0]).toMatchObject({ path: 'values.th_completed', code: 'not_in_period' });
      const huge = await post({ unitId: SCHOOL, period: PERIOD, values: { th_pupils: 9_007_199_254_740_991 } });
      expect(huge.status).toBe(400);
      expect(huge.body.issues[0]).toMatchObject({ path: 'values.th_pupils', code: 'above_max' });
      expect(huge.body.issues[0].message).toContain('tối đa 10.000');
      const alone = await post({ unitId: SCHOOL, period: PERIOD, values: { th_6y_entered: 500 } });
      expect(alone.status).toBe(400);
      expect(alone.body.issues[0]).toMatchObject({ path: 'values.th_6y_population', code: 'denominator_missing' });
      expect(await snapshot()).toBe(before);
    });

    it('computed totals fall under the rules: nhà trẻ + mẫu giáo may not exceed the children enrolled', async () => {
      const mnToken = await rt.token(MN, 'school');
      const answer = await post(
        { unitId: MN, period: PERIOD, values: completeReport(['MN'], PERIOD, { mn_pupils: 200, mn_nt_enrolled: 60, mn_mg_enrolled: 180 }) },
        mnToken,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.issues).toEqual([
        expect.objectContaining({ path: 'values.mn_enrolled', code: 'rule_lte', message: expect.stringContaining('"Trẻ 0-5 tuổi ra lớp" (tự tính) (240)') }),
      ]);
    });

    it('clearing a value is an explicit null, only in a correction', async () => {
      const first = await post(
        { unitId: OTHER, period: PERIOD, values: { ...completeReport(['TH'], PERIOD), std_national: null } },
        await rt.token(OTHER, 'school'),
      );
      expect(first.status).toBe(400);
      expect(first.body.issues[0]).toMatchObject({ path: 'values.std_national', code: 'null_not_correction' });
    });
  });

  describe('ids and paths (400 before any DynamoDB call, never 5xx)', () => {
    it('a 2 KB unit id, on POST and on every GET /api/units/{id}…, and a malformed escape', async () => {
      const long = 'a'.repeat(2048);
      const posted = await post({ unitId: long, period: PERIOD, values: { th_classes: 1 } });
      expect(posted.status).toBe(400);
      expect(posted.body.issues[0]).toMatchObject({ path: 'unitId', message: 'Mã đơn vị không hợp lệ' });
      for (const path of [
        `/api/units/${long}`,
        `/api/units/${long}/rollups/${PERIOD}`,
        `/api/units/${long}/children/${PERIOD}`,
        `/api/units/${long}/submissions/${PERIOD}`,
      ]) {
        const answer = await rt.api(path, { token: leader });
        expect(answer.status, `${path.slice(-40)} ${JSON.stringify(answer.body).slice(0, 200)}`).toBe(400);
        expect(answer.body.issues[0].code).toBe('invalid_path_parameter');
      }
      expect((await rt.api(`/api/units/lao-cai/rollups/${'9'.repeat(3000)}`, { token: leader })).status).toBe(400);
      const malformed = await rt.api('/api/units/%E0%A4%A');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error).toContain('Mã đơn vị không hợp lệ');
      expect((await rt.api('/api/units/%E0%A4%A/rollups/2022-2023.start', { token: leader })).status).toBe(400);
      const badKey = await post({ unitId: SCHOOL, period: PERIOD, values: { th_classes: 21 }, idempotencyKey: 'x'.repeat(5000) });
      expect(badKey.status).toBe(400);
      expect(badKey.body.issues[0].path).toBe('idempotencyKey');
    });
  });

  describe('idempotency bound to the body', () => {
    it('the same key with the same body replays; with another body or period gets 409 and stores nothing', async () => {
      const key = 'surge-key-0001';
      const body = { unitId: SCHOOL, period: PERIOD, values: { th_classes: 22 }, idempotencyKey: key };
      const first = await post(body);
      expect(first.status).toBe(202);
      expect(await post(body)).toEqual(first);
      await rt.settle();
      const before = await snapshot();
      const other = await post({ ...body, values: { th_classes: 23 } });
      expect(other.status).toBe(409);
      expect(other.body.error).toContain('đã được dùng cho một báo cáo khác');
      expect(other.body.issues[0]).toMatchObject({ path: 'idempotencyKey', code: 'idempotency_key_reused' });
      expect((await post({ ...body, period: '2022-2023.end', values: completeReport(['TH'], '2022-2023.end') })).status).toBe(409);
      expect(await snapshot()).toBe(before);
    });
  });

  describe('drafts', () => {
    it('a draft is versioned and readable by the school, never rolled up nor counted; a final after it rolls up; a draft after a final keeps the final', async () => {
      const school = 'lc-tp-thcs-le-quy-don';
      const own = await rt.token(school, 'school');
      const period = '2022-2023.end';
      const draft = await post({ unitId: school, period, values: { thcs_assessed: 400 }, draft: true }, own);
      expect(draft.status).toBe(202);
      expect(draft.body).toMatchObject({ version: 1, draft: true });
      await rt.settle();
      const ward = async () => (await rt.api(`/api/units/lc-tp-p-kim-tan/rollups/${period}`, { token: leader })).body;
      expect((await ward()).completeness.submitted).toBe(0);
      expect((await ward()).indicators.thcs_assessed).toBeUndefined();
      const history = (await rt.api(`/api/units/${school}/submissions/${period}`, { token: own })).body.versions;
      expect(history).toEqual([expect.objectContaining({ version: 1, draft: true, values: { thcs_assessed: 400 } })]);
      // The final completes the draft (a change to the latest version).
      const final = await post({ unitId: school, period, values: completeReport(['THCS'], period) }, own);
      expect(final.status).toBe(202);
      expect(final.body.draft).toBeUndefined();
      await rt.settle();
      expect((await ward()).completeness.submitted).toBe(1);
      expect((await ward()).indicators.thcs_promoted.value).toBe(397);
      // A draft after the final is stored, and the final stays what counts.
      expect((await post({ unitId: school, period, values: { thcs_promoted: 1 }, draft: true }, own)).status).toBe(202);
      await rt.settle();
      expect((await ward()).indicators.thcs_promoted.value).toBe(397);
      expect((await rt.api(`/api/units/${school}/rollups/${period}`, { token: own })).body.indicators.thcs_promoted.value).toBe(397);
      const { rebuild } = await import('../../functions/commons/rebuild.ts');
      const { CATALOG } = await import('../../catalog/index.ts');
      expect(await rebuild(rt.tableName, CATALOG, period)).toMatchObject({ pending: [], differences: [] });
    });
  });

  describe('rates', () => {
    it('roll up only over the schools that reported both the numerator and the denominator', async () => {
      const period = '2023-2024.start';
      // Kim Đồng reports the 6-year-olds of its area and those entering grade 1; Lê Văn Tám only the population.
      await post({ unitId: SCHOOL, period, values: completeReport(['TH'], period, { th_6y_population: 100, th_6y_entered: 99 }) });
      await post({ unitId: OTHER, period, values: completeReport(['TH'], period, { th_6y_population: 635 }) }, await rt.token(OTHER, 'school'));
      await rt.settle();
      const city = (await rt.api(`/api/units/lc-tp-lao-cai/rollups/${period}`, { token: leader })).body;
      expect(city.indicators.th_6y_population.value).toBe(735);
      expect(city.indicators.th_grade1_intake).toMatchObject({ value: 0.99, numerator: 99, denominator: 100 });
    });
  });

  describe('fuzz', () => {
    const key = (k: string) => fc.constantFrom(k, k, k, '__proto__', 'constructor', 'toString', 'a'.repeat(300), '');
    const number = fc.oneof(
      fc.integer({ min: -5, max: 20_000 }),
      fc.constantFrom(9_007_199_254_740_991, 1e308, -0, 0.5, Number.MAX_SAFE_INTEGER + 2),
      fc.constant(null),
      fc.string({ maxLength: 5 }),
      fc.boolean(),
    );
    const code = fc.constantFrom(
      'th_classes',
      'th_pupils',
      'teachers',
      'th_6y_entered',
      'th_6y_population',
      'th_completed',
      'mn_pupils',
      'classes',
      'std_national',
    );
    const body = fc.record(
      {
        unitId: fc.oneof(fc.constant(SCHOOL), fc.constant(OTHER), fc.string({ maxLength: 40 }), fc.constant('a'.repeat(2100)), fc.constant(null)),
        period: fc.oneof(fc.constant(PERIOD), fc.constant('1999-2000.start'), fc.string({ maxLength: 20 }), fc.constant(7)),
        values: fc.oneof(
          fc.dictionary(fc.oneof(code, key('th_classes')), number, { maxKeys: 6 }),
          fc.constant({}),
          fc.constant([]),
          fc.constant('x'),
          fc.constant(null),
        ),
        draft: fc.oneof(fc.boolean(), fc.constant('yes')),
        idempotencyKey: fc.oneof(fc.string({ maxLength: 12 }), fc.constant('k'.repeat(200))),
        extra: fc.anything({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    );
    /** Bodies that must be refused: keep only those the intake cannot accept (so that nothing stored may change). */
    const refusable = (b: Record<string, unknown>): boolean => {
      const values = b.values as Record<string, unknown> | null | undefined;
      return (
        b.unitId !== SCHOOL ||
        b.period !== PERIOD ||
        'extra' in b ||
        !values ||
        typeof values !== 'object' ||
        Array.isArray(values) ||
        Object.keys(values).length === 0 ||
        Object.values(values).some((v) => typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 20_000) ||
        Object.keys(values).some((k) => !['th_classes', 'th_pupils', 'teachers', 'th_6y_entered', 'th_6y_population', 'classes', 'std_national'].includes(k))
      );
    };

    it('5,000 JSON bodies to POST /api/submissions: no 5xx, and the refused ones change nothing stored', async () => {
      const samples = fc.sample(body, { numRuns: 5000, seed: 10 }) as Record<string, unknown>[];
      const texts = samples.map((b) => (refusable(b) ? JSON.stringify(b) : JSON.stringify({ ...b, extra: 1 })));
      // Raw texts too: duplicate keys, broken JSON, deep nesting.
      texts.push(
        `{"unitId":"${SCHOOL}","period":"${PERIOD}","values":{"th_classes":1,"th_classes":2}}`,
        '{"unitId":',
        '[[[[[[[[[[[[]]]]]]]]]]]]',
        'null',
        '"x"',
        `${'['.repeat(5000)}${']'.repeat(5000)}`,
      );
      const before = await snapshot();
      const statuses = new Map<number, number>();
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < texts.length) {
          const text = texts[next++] as string;
          const answer = await raw(text);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answer.status >= 500) throw new Error(`5xx for ${text.slice(0, 200)}: ${JSON.stringify(answer.body)}`);
          if (answer.status < 400) throw new Error(`accepted a body that must be refused: ${text.slice(0, 200)}`);
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
      expect(texts.length).toBeGreaterThanOrEqual(5000);
      await rt.settle();
      expect(await snapshot()).toBe(before);
    }, 180_000);

    it('1,000 form bodies to POST /form: no 5xx, and nothing stored changes', async () => {
      const formToken = await rt.token(SCHOOL, 'school');
      const field = fc.tuple(
        fc.oneof(
          fc.constantFrom('v.th_classes', 'v.th_pupils', 'v.__proto__', 'v.constructor', 'period', 'confirm', 'draft', 'action', 'idempotencyKey'),
          fc.string({ maxLength: 10 }),
        ),
        fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('-1', '1e9', '9007199254740993', '1.000.000', '185.200', '%E0%A4%A', '')),
      );
      const forms = fc.sample(fc.array(field, { maxLength: 8 }), { numRuns: 1000, seed: 11 }).map((fields, i) => {
        const params = new URLSearchParams();
        // A third carry no valid token; the rest a token, but a body broken in some way (an unknown field, a bad number or a wrong period).
        if (i % 3 !== 0) params.set('t', formToken);
        params.set('period', i % 2 ? PERIOD : 'x');
        for (const [name, value] of fields) params.append(name, value);
        params.append('v.th_classes', 'không phải số');
        return params.toString();
      });
      const before = await snapshot();
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < forms.length) {
          const text = forms[next++] as string;
          const answer = await fetch(`${rt.url}/form`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: text });
          await answer.arrayBuffer();
          if (answer.status >= 500) throw new Error(`5xx for ${text}`);
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      await rt.settle();
      expect(await snapshot()).toBe(before);
    }, 180_000);
  });
});
