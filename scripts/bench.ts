/**
 * `npm run bench`: end-to-end throughput and latency on DynamoDB Local, in one run.
 * - submissions per second, POST to the province rollup reflecting it (p50 / p95 / p99)
 * - write units per submission (ReturnConsumedCapacity on every write of the pipeline)
 * - DynamoDB Local's raw single-item write rate in the same run, and the ratio of the two
 * Options: --schools N (default 400), --concurrency N (default 16).
 */
import '../local/quiet-sdk.ts';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Unit } from '../schemas/unit.ts';

const { values: args } = parseArgs({ options: { schools: { type: 'string', default: '400' }, concurrency: { type: 'string', default: '16' } } });
const SCHOOLS = Number(args.schools);
const CONCURRENCY = Number(args.concurrency);
const PERIOD = '2022-2023.start';
const SECRET = 'bench-secret';
process.env.LOG_LEVEL = 'silent';

const tree: Unit[] = [{ id: 'tinh', name: 'Tỉnh', kind: 'province', parentId: null }];
for (let c = 0; c < 4; c++) {
  tree.push({ id: `tp${c}`, name: `Thành phố ${c}`, kind: 'city', parentId: 'tinh' });
  for (let w = 0; w < 5; w++) tree.push({ id: `tp${c}-p${w}`, name: `Phường ${c}-${w}`, kind: 'ward', parentId: `tp${c}` });
}
for (let s = 0; s < SCHOOLS; s++)
  tree.push({ id: `s${s}`, name: `Trường ${s}`, kind: 'school', parentId: `tp${s % 4}-p${s % 5}`, levels: ['TH'], ownership: 'public' });

const bar = (label: string, done: number, total: number): void => {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stdout.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
};
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const { startRuntime } = await import('../local/runtime.ts');
const { signToken } = await import('../functions/commons/auth.ts');
const runtime = await startRuntime({ port: 0, tableName: `bench-${randomUUID()}`, jwtSecret: SECRET, seedUnits: tree, quiet: true });
const { dynamoDbClient } = await import('../functions/commons/clients.ts');

// Count write units of every write the handlers make (DynamoDB Local reports consumed capacity).
let writeUnits = 0;
/** Writes per aggregate item (partition key), to show how hot the hottest item gets. */
const aggregateWrites = new Map<string, number>();
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand', 'DeleteItemCommand']);
dynamoDbClient.middlewareStack.add(
  (next, context) => async (args) => {
    if (!WRITES.has(context.commandName ?? '')) return next(args);
    (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
    for (const entry of (args.input as { TransactItems?: { Update?: { Key?: { pk?: string | { S?: string } } } }[] }).TransactItems ?? []) {
      const key = entry.Update?.Key?.pk;
      const pk = typeof key === 'string' ? key : key?.S;
      if (pk?.startsWith('AGG#')) aggregateWrites.set(pk, (aggregateWrites.get(pk) ?? 0) + 1);
    }
    const result = await next(args);
    const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) writeUnits += c.CapacityUnits ?? 0;
    return result;
  },
  { step: 'initialize', name: 'countWriteUnits' },
);

const key = new TextEncoder().encode(SECRET);
const tokens = await Promise.all(tree.filter((u) => u.kind === 'school').map((u) => signToken({ sub: 'bench', unit: u.id, role: 'school' }, key)));
const started = new Map<string, number>();
const reflected = new Map<string, number>();
const watch = setInterval(() => {
  for (const d of runtime.bus.delivered) {
    if (d.ruleId !== 'SubmissionAcceptedToRollup') continue;
    const school = (d.event.detail as { schoolId: string }).schoolId;
    if (!reflected.has(school)) reflected.set(school, d.at);
  }
}, 5);

const t0 = performance.now();
const wall0 = Date.now();
let next = 0;
let posted = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < SCHOOLS) {
      const i = next++;
      started.set(`s${i}`, Date.now());
      const response = await fetch(`${runtime.url}/api/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          unitId: `s${i}`,
          period: PERIOD,
          values: { th_classes: 10 + (i % 5), th_pupils: 300 + i, th_assessed: 300 + i, th_class_completed: 296 + i },
        }),
      });
      if (response.status !== 202) throw new Error(`POST ${response.status}`);
      bar('Submitting', ++posted, SCHOOLS);
    }
  }),
);
while (reflected.size < SCHOOLS) {
  bar('Rolled up ', reflected.size, SCHOOLS);
  await new Promise((r) => setTimeout(r, 50));
}
bar('Rolled up ', reflected.size, SCHOOLS);
const elapsed = (performance.now() - t0) / 1000;
clearInterval(watch);
await runtime.settle();
const pipelineUnits = writeUnits;
const latencies = [...reflected].map(([school, at]) => at - (started.get(school) ?? wall0)).sort((a, b) => a - b);

// Raw single-item writes on DynamoDB Local, same run, same process, same concurrency.
const { PutItemCommand } = await import('@aws-sdk/client-dynamodb');
const RAW = 2000;
let rawNext = 0;
const r0 = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (rawNext < RAW) {
      const i = rawNext++;
      await dynamoDbClient.send(new PutItemCommand({ TableName: runtime.tableName, Item: { pk: { S: `RAW#${i}` }, sk: { S: 'RAW' }, n: { N: String(i) } } }));
      if (i % 50 === 0 || i === RAW - 1) bar('Raw writes', Math.min(i + 1, RAW), RAW);
    }
  }),
);
bar('Raw writes', RAW, RAW);
const rawRate = RAW / ((performance.now() - r0) / 1000);
const rate = SCHOOLS / elapsed;

console.log(`\nschools: ${SCHOOLS}, tree depth 4 (school → ward → city → province), concurrency ${CONCURRENCY}`);
console.log(`end-to-end: ${rate.toFixed(1)} submissions/s (${elapsed.toFixed(2)} s for ${SCHOOLS})`);
console.log(
  `POST → province rollup reflects it: p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, p99 ${percentile(latencies, 99)} ms`,
);
console.log(`write units per submission (whole pipeline, incl. evaluation): ${(pipelineUnits / SCHOOLS).toFixed(1)}`);
const provinceItems = [...aggregateWrites].filter(([pk]) => pk.startsWith('AGG#tinh#'));
const hottest = Math.max(...provinceItems.map(([, n]) => n));
console.log(
  `province aggregate: ${provinceItems.length} shard items; the hottest took ${hottest} of ${SCHOOLS} submissions (${((hottest / SCHOOLS) * 100).toFixed(1)}%), so a surge of R submissions/s puts ~${(hottest / SCHOOLS).toFixed(3)}·R transactional writes/s on one item`,
);
console.log(`DynamoDB Local raw single-item PutItem: ${rawRate.toFixed(0)} writes/s`);
console.log(
  `ratio: one submission costs the time of ${(rawRate / rate).toFixed(1)} raw writes (${((rate / rawRate) * 100).toFixed(1)}% of the raw write rate)`,
);
await runtime.stop();
process.exit(0);
