/**
 * Property: the batched rollup (apply-batch.ts) converges to the recomputation whatever the
 * batches: random submissions and corrections, batches of any size holding duplicates and older
 * versions, two batches applied concurrently, and injected faults (transaction conflicts,
 * throttling, a function dying right after its transaction committed). DynamoDB Local never
 * raises these faults itself, so an SDK middleware injects them.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Unit } from '../../schemas/unit.ts';
import { completeReport } from '../helpers/reports.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const PERIOD = '2022-2023.start';
const RUNS = 12;
const SCHOOLS_PER_WARD = 5;
const tree: Unit[] = [
  { id: 'tinh', name: 'Tỉnh', kind: 'province', parentId: null },
  { id: 'tp', name: 'Thành phố', kind: 'city', parentId: 'tinh' },
];
for (let run = 0; run < RUNS; run++) {
  tree.push({ id: `p${run}`, name: `Phường ${run}`, kind: 'ward', parentId: 'tp' });
  for (let s = 0; s < SCHOOLS_PER_WARD; s++)
    tree.push({
      id: `p${run}-s${s}`,
      name: `Trường ${run}-${s}`,
      kind: 'school',
      parentId: `p${run}`,
      levels: ['TH'],
      ownership: s % 2 ? 'private' : 'public',
    });
}

type Fault = 'none' | 'conflict' | 'throttle' | 'dieAfterCommit';
const faults: Fault[] = [];
const injected = { conflict: 0, throttle: 0, dieAfterCommit: 0 };

describe('Property: the batched rollup converges to the recomputation', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    // The stream is left unread: the test itself delivers (and re-delivers) the batches.
    rt = await startTestRuntime({ units: tree, streamPaused: true });
    const { dynamoDbClient } = await import('../../functions/commons/clients.ts');
    dynamoDbClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'TransactWriteItemsCommand' || !JSON.stringify(args.input).includes('AppliedVersion')) return next(args);
        const fault = faults.shift() ?? 'none';
        if (fault === 'conflict' || fault === 'throttle') {
          injected[fault]++;
          const error = new Error(`injected ${fault}`);
          error.name = fault === 'conflict' ? 'TransactionConflictException' : 'ThrottlingException';
          throw error;
        }
        const result = await next(args);
        if (fault === 'dieAfterCommit') {
          injected.dieAfterCommit++;
          throw new Error('injected: the function died after its transaction committed');
        }
        return result;
      },
      { step: 'initialize', name: 'faultInjection' },
    );
  });
  afterAll(async () => {
    await rt?.stop();
  });

  it('holds for random batches with duplicates, older versions, concurrency and injected faults', async () => {
    const { applyBatch } = await import('../../functions/rollup/apply-batch.ts');
    const { getSubmissionVersion } = await import('../../functions/commons/store.ts');
    const { rebuild } = await import('../../functions/commons/rebuild.ts');
    const { CATALOG } = await import('../../catalog/index.ts');
    let run = 0;
    let transactions = 0;
    let mergedSchools = 0;
    // A report, a correction (a change, or a cleared optional value) or a draft, which must never count.
    const values = fc.record(
      {
        th_classes: fc.integer({ min: 0, max: 40 }),
        th_pupils: fc.integer({ min: 0, max: 1500 }),
        std_national: fc.constantFrom(0, 1, null),
        th_6y_population: fc.constantFrom(100, null),
        draft: fc.boolean(),
      },
      { requiredKeys: ['th_classes', 'draft'] },
    );
    const reported = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ school: fc.integer({ min: 0, max: SCHOOLS_PER_WARD - 1 }), values }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.constantFrom<Fault>('none', 'none', 'conflict', 'throttle', 'dieAfterCommit'), { maxLength: 20 }),
        fc.infiniteStream(fc.integer({ min: 0, max: 1000 })),
        async (submissions, faultPlan, randomness) => {
          const ward = `p${run++}`;
          const rng = randomness[Symbol.iterator]();
          const pick = (n: number): number => (rng.next().value as number) % n;
          faults.length = 0;
          faults.push(...faultPlan);
          type Stored = Awaited<ReturnType<typeof getSubmissionVersion>> & {};
          const queue: Stored[] = [];
          const deliverBatch = async (): Promise<void> => {
            const size = 1 + pick(Math.min(6, queue.length));
            const batch = Array.from({ length: size }, () => queue.splice(pick(queue.length), 1)[0] as Stored);
            try {
              const outcome = await applyBatch(rt.tableName, batch);
              transactions += outcome.transactions;
              mergedSchools += outcome.applied.length;
              for (const v of batch) if (pick(4) === 0) queue.push(v); // delivered again later
            } catch {
              queue.push(...batch); // the whole batch is retried, as the stream does
            }
          };
          for (const { school, values: v } of submissions) {
            const schoolId = `${ward}-s${school}`;
            const { draft, ...given } = v;
            // The first report is complete; a later one may be a partial correction with nulls.
            const body = reported.has(schoolId)
              ? given
              : completeReport(['TH'], PERIOD, Object.fromEntries(Object.entries(given).filter(([, x]) => x !== null)) as Record<string, number>);
            const answer = await rt.api('/api/submissions', {
              token: await rt.token(schoolId, 'school'),
              body: { unitId: schoolId, period: PERIOD, values: body, draft },
            });
            expect(answer.status).toBe(202);
            reported.add(schoolId);
            queue.push((await getSubmissionVersion(rt.tableName, schoolId, PERIOD, answer.body.version)) as Stored);
            if (pick(3) === 0 && queue.length > 1) await Promise.all([deliverBatch(), deliverBatch()]);
          }
          for (let guard = 0; queue.length > 0; guard++) {
            if (guard > 500) throw new Error('deliveries never settled');
            await (queue.length > 1 && pick(2) === 0 ? Promise.all([deliverBatch(), deliverBatch()]) : deliverBatch());
          }
          faults.length = 0;
          const report = await rebuild(rt.tableName, CATALOG, PERIOD, { unitId: ward });
          expect(report.pending).toEqual([]);
          expect(report.differences).toEqual([]);
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    const whole = await rebuild(rt.tableName, CATALOG, PERIOD);
    expect(whole.differences).toEqual([]);
    // The faults were really exercised, and batches really merged several schools per transaction.
    expect(injected.conflict + injected.throttle).toBeGreaterThan(0);
    expect(injected.dieAfterCommit).toBeGreaterThan(0);
    expect(mergedSchools).toBeGreaterThan(transactions);
  }, 240_000);
});
