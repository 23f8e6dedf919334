import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Level } from '../../schemas/catalog.ts';
import { completeReport } from '../helpers/reports.ts';
import { startTestRuntime, type TestRuntime, waitFor } from '../helpers/runtime.ts';

const PERIOD = '2022-2023.end';
const SCHOOLS = ['lc-tp-th-kim-dong', 'lc-tp-thcs-le-quy-don', 'lc-tp-mn-hoa-hong', 'lc-tp-th-le-van-tam'];
const LEVELS: Record<string, Level[]> = {
  'lc-tp-th-kim-dong': ['TH'],
  'lc-tp-thcs-le-quy-don': ['THCS'],
  'lc-tp-mn-hoa-hong': ['MN'],
  'lc-tp-th-le-van-tam': ['TH'],
};

describe('Delivery semantics of the local EventBridge', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    // Every bus event is delivered three times: at-least-once made visible.
    rt = await startTestRuntime({ deliveries: 3 });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  const client = () =>
    new EventBridgeClient({ endpoint: rt.url, region: 'ap-southeast-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });

  it('PutEvents refuses more than 10 entries in one call', async () => {
    const entries = Array.from({ length: 11 }, () => ({ Source: 'test', DetailType: 'Noise', Detail: '{}' }));
    await expect(client().send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('PutEvents answers per entry: a malformed entry fails alone', async () => {
    const answer = await client().send(
      new PutEventsCommand({
        Entries: [
          { Source: 'test', DetailType: 'Noise', Detail: '{"ok":true}' },
          { Source: 'test', DetailType: 'Noise', Detail: 'not json' },
          { Source: 'test', Detail: '{}' },
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(2);
    expect(answer.Entries?.[0]?.EventId).toBeTruthy();
    expect(answer.Entries?.[1]?.ErrorCode).toBe('MalformedDetail');
    expect(answer.Entries?.[2]?.ErrorCode).toBe('InvalidArgument');
  });

  it('given duplicated deliveries and failing PutEvents entries, then every school is counted exactly once', async () => {
    const leader = await rt.token('lao-cai', 'leader');
    // The publisher sees its next entries fail and must retry only those.
    rt.bus.failNextPutEntries(3);
    let expectedPupils = 0;
    for (const [i, school] of SCHOOLS.entries()) {
      const token = await rt.token(school, 'school');
      const pupils = 100 * (i + 1);
      expectedPupils += pupils;
      const answer = await rt.api('/api/submissions', {
        token,
        body: {
          unitId: school,
          period: PERIOD,
          values: completeReport(LEVELS[school] ?? [], PERIOD, { std_national: 1, teachers: i + 1, attendance_expected: pupils, attendance_present: pupils }),
        },
      });
      expect(answer.status).toBe(202);
    }
    const province = await waitFor(
      async () => (await rt.api(`/api/units/lao-cai/rollups/${PERIOD}`, { token: leader })).body,
      (r) => r.completeness?.submitted === SCHOOLS.length && r.indicators?.attendance_expected?.value === expectedPupils,
    );
    await rt.settle();
    const after = (await rt.api(`/api/units/lao-cai/rollups/${PERIOD}`, { token: leader })).body;
    expect(after.indicators).toEqual(province.indicators);
    expect(after.indicators.teachers.value).toBe(1 + 2 + 3 + 4);
    expect(after.indicators.std_national).toMatchObject({ value: 4, share: 1 });
    expect(after.completeness).toMatchObject({ expected: 4, submitted: 4, missing: [] });
    // The rollup reads the stream: every stored version was handed to it three times.
    expect(rt.pollers.rollup?.delivered).toBeGreaterThanOrEqual(SCHOOLS.length * 3);
    const evaluations = rt.bus.delivered.filter((d) => d.ruleId === 'RollupUpdatedToEvaluate');
    expect(evaluations.length % 3).toBe(0);
  });

  it('given a target that keeps failing, then the event lands in the dead-letter store after the retries', async () => {
    // A RollupUpdated whose detail breaks its schema makes the evaluation throw every time.
    const answer = await client().send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'tonghop',
            DetailType: 'RollupUpdated',
            Detail: JSON.stringify({ unitId: 'khong-ton-tai', period: PERIOD, changed: [], schoolId: 'khong-ton-tai', version: 'một' }),
          },
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(0);
    await rt.bus.idle();
    const letters = (await rt.api('/local/dead-letters')).body;
    expect(letters.length).toBe(3);
    expect(letters[0]).toMatchObject({ ruleId: 'RollupUpdatedToEvaluate', attempts: 5 });
    expect(letters[0].event.detail.unitId).toBe('khong-ton-tai');
  });

  it('given a stored version the rollup cannot read, then its stream mapping sets it aside after its retries and goes on', async () => {
    const { documentClient } = await import('../../functions/commons/clients.ts');
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const school = 'lc-tp-thcs-le-quy-don';
    const period = '2021-2022.end';
    // A version item without its values: written behind the API's back, as a bad migration might.
    await documentClient.send(
      new PutCommand({ TableName: rt.tableName, Item: { pk: `SUB#${school}#${period}`, sk: 'V#999999', type: 'SubmissionVersion', schoolId: school, period } }),
    );
    const rollup = rt.pollers.rollup;
    await waitFor(
      async () => rollup?.deadLetters.length ?? 0,
      (n) => n === 1,
      20_000,
    );
    expect(rollup?.deadLetters[0]?.record.dynamodb?.NewImage?.sk).toEqual({ S: 'V#999999' });
  });
});
