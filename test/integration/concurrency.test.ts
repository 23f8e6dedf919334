/**
 * 200 schools of one province (50 in one ward) submit at once, each corrects once, every bus
 * delivery is duplicated: the aggregates end exactly equal to a recomputation, and the rebuild
 * command finds no difference (then finds and repairs a corrupted aggregate).
 */
import { spawnSync } from 'node:child_process';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Unit } from '../../schemas/unit.ts';
import { completeReport } from '../helpers/reports.ts';
import { startTestRuntime, type TestRuntime, waitFor } from '../helpers/runtime.ts';

const PERIOD = '2022-2023.end';
const tree: Unit[] = [{ id: 'tinh', name: 'Tỉnh Thử', kind: 'province', parentId: null }];
for (const city of ['tp-a', 'tp-b']) {
  tree.push({ id: city, name: `Thành phố ${city}`, kind: 'city', parentId: 'tinh' });
  for (const ward of ['p1', 'p2']) {
    tree.push({ id: `${city}-${ward}`, name: `Phường ${city}-${ward}`, kind: 'ward', parentId: city });
    for (let i = 0; i < 50; i++) {
      tree.push({
        id: `${city}-${ward}-s${i}`,
        name: `Trường ${city}-${ward}-${i}`,
        kind: 'school',
        parentId: `${city}-${ward}`,
        levels: ['TH'],
        ownership: i % 5 === 0 ? 'private' : 'public',
      });
    }
  }
}
const schools = tree.filter((u) => u.kind === 'school');
const valuesOf = (i: number, round: number) => ({
  ...completeReport(['TH'], PERIOD),
  th_classes: 10 + (i % 7) + round,
  th_pupils: 300 + i * 3 + round * 11,
  th_assessed: 290 + i,
  th_class_completed: 285 + i - round,
});

describe('Concurrent submissions, corrections and duplicates', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({ units: tree, deliveries: 2 });
  });
  afterAll(async () => {
    await rt?.stop();
  });

  const submitAll = async (round: number) => {
    const answers = await Promise.all(
      schools.map(async (school, i) => {
        const token = await rt.token(school.id, 'school');
        return rt.api('/api/submissions', { token, body: { unitId: school.id, period: PERIOD, values: valuesOf(i, round) } });
      }),
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
  };

  it('ends with every aggregate exactly equal to the recomputation from the latest versions', async () => {
    await Promise.all([submitAll(0), new Promise((resolve) => setTimeout(resolve, 50)).then(() => submitAll(1))]);
    const leader = await rt.token('tinh', 'leader');
    const want = schools.reduce((acc, _s, i) => acc + valuesOf(i, 1).th_pupils, 0);
    // Listen for the result (a loaded machine shows stream records late), then let everything settle.
    await waitFor(
      async () => (await rt.api(`/api/units/tinh/rollups/${PERIOD}`, { token: leader })).body,
      (r) => r.indicators?.th_pupils?.value === want,
      60_000,
    );
    await rt.settle();
    const province = (await rt.api(`/api/units/tinh/rollups/${PERIOD}`, { token: leader })).body;
    expect(province.indicators.th_pupils.value).toBe(want);
    // Nothing was set aside by the rollup's stream mapping: every version was applied, none skipped.
    expect(rt.pollers.rollup?.deadLetters).toEqual([]);
    expect(province.completeness).toMatchObject({ expected: 200, submitted: 200, missing: [] });
    const ward = (await rt.api(`/api/units/tp-a-p1/rollups/${PERIOD}`, { token: leader })).body;
    expect(ward.indicators.th_pupils.value).toBe(schools.slice(0, 50).reduce((acc, _s, i) => acc + valuesOf(i, 1).th_pupils, 0));
    expect(ward.breakdown.private.th_classes.value).toBe(schools.slice(0, 50).reduce((acc, _s, i) => acc + (i % 5 === 0 ? valuesOf(i, 1).th_classes : 0), 0));
    const { rebuild } = await import('../../functions/commons/rebuild.ts');
    const { CATALOG } = await import('../../catalog/index.ts');
    const report = await rebuild(rt.tableName, CATALOG, PERIOD);
    expect(report).toMatchObject({ schools: 200, units: 7, pending: [], differences: [] });
  }, 240_000);

  it('npm run rebuild reports a corrupted aggregate, exits non-zero, and repairs it with --fix', async () => {
    const { documentClient } = await import('../../functions/commons/clients.ts');
    await documentClient.send(
      new UpdateCommand({
        TableName: rt.tableName,
        Key: { pk: `AGG#tp-b#${PERIOD}`, sk: 'AGG' },
        UpdateExpression: 'ADD v_th_pupils :five',
        ExpressionAttributeValues: { ':five': 5 },
      }),
    );
    const env = { ...process.env, TABLE_NAME: rt.tableName, AWS_ENDPOINT_URL_DYNAMODB: rt.dynamoEndpoint };
    const check = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/rebuild.ts', '--period', PERIOD, '--unit', 'tinh'], { env, encoding: 'utf8' });
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('DIFF tp-b th_pupils');
    const fix = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/rebuild.ts', '--period', PERIOD, '--fix'], { env, encoding: 'utf8' });
    expect(fix.status).toBe(0);
    const again = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/rebuild.ts', '--period', PERIOD], { env, encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('no difference');
  }, 120_000);
});
