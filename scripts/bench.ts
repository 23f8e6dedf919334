/**
 * `npm run bench`: end-to-end throughput and latency on DynamoDB Local, in one run.
 * - closed loop (`--concurrency N` clients, the default) or open loop (`--rate N` submissions/s);
 * - submissions per second, and POST → province rollup counting it (p50 / p95 / p99);
 * - read requests per submission (GetItem, BatchGetItem, Query, TransactGetItems), counted by
 *   SDK middleware on the handlers' own client;
 * - write units per submission computed from item sizes by DynamoDB's pricing rules
 *   (domain/capacity.ts: 1 KB units, transactions ×2, an update costs its item's size), since
 *   DynamoDB Local's consumed capacity undercounts transactions;
 * - DynamoDB Local's raw single-item PutItem rate in the same run: the engine's physical limit is
 *   that rate / 4 submissions/s (each submission writes its school and three ancestors at least),
 *   and the ratio of the measured rate to it.
 * Options: --schools N (400), --concurrency N (16), --rate N, --json.
 */
import '../local/quiet-sdk.ts';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { itemSize, writeUnits } from '../domain/capacity.ts';
import type { Unit } from '../schemas/unit.ts';

const { values: args } = parseArgs({
  options: {
    schools: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '16' },
    rate: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const SCHOOLS = Number(args.schools);
const CONCURRENCY = Number(args.concurrency);
const RATE = args.rate === undefined ? undefined : Number(args.rate);
const JSON_OUTPUT = args.json;
const PERIOD = '2022-2023.start';
const SECRET = 'bench-secret-not-for-production';
const MIN_WRITES_PER_SUBMISSION = 4;
process.env.LOG_LEVEL = 'silent';

const tree: Unit[] = [{ id: 'tinh', name: 'Tỉnh', kind: 'province', parentId: null }];
for (let c = 0; c < 4; c++) {
  tree.push({ id: `tp${c}`, name: `Thành phố ${c}`, kind: 'city', parentId: 'tinh' });
  for (let w = 0; w < 5; w++) tree.push({ id: `tp${c}-p${w}`, name: `Phường ${c}-${w}`, kind: 'ward', parentId: `tp${c}` });
}
for (let s = 0; s < SCHOOLS; s++)
  tree.push({ id: `s${s}`, name: `Trường ${s}`, kind: 'school', parentId: `tp${s % 4}-p${s % 5}`, levels: ['TH'], ownership: 'public' });

const bar = (label: string, done: number, total: number): void => {
  if (JSON_OUTPUT) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stdout.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
};
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const { startRuntime } = await import('../local/runtime.ts');
const { signToken } = await import('../functions/commons/auth.ts');
const runtime = await startRuntime({ port: 0, tableName: `bench-${randomUUID()}`, jwtSecret: SECRET, seedUnits: tree, quiet: true });
const { dynamoDbClient } = await import('../functions/commons/clients.ts');

// Count what the handlers ask of DynamoDB. At the serialize step every input is marshalled.
type Marshalled = Record<string, AttributeValue>;
type Plain = Record<string, unknown>;
const TYPE_TAGS = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL']);
/** The document client's inputs are plain objects, the low-level client's are marshalled. */
const plain = (item: Plain): Plain => {
  const marshalled = Object.values(item).every(
    (v) => v !== null && typeof v === 'object' && Object.keys(v).length === 1 && TYPE_TAGS.has(Object.keys(v)[0] ?? ''),
  );
  return marshalled ? unmarshall(item as Marshalled) : item;
};
const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'TransactGetItemsCommand', 'ScanCommand']);
let counting = false;
const reads = new Map<string, number>();
let putUnits = 0;
/** Updates whose units depend on the item's size after the run: key → [plain, transactional]. */
const updates = new Map<string, { key: Plain; plain: number; transactional: number }>();
const aggregateWrites = new Map<string, number>();
const noteUpdate = (rawKey: Plain, transactional: boolean): void => {
  const key = plain(rawKey) as { pk: string; sk: string };
  const id = `${key.pk}|${key.sk}`;
  const entry = updates.get(id) ?? { key, plain: 0, transactional: 0 };
  if (transactional) entry.transactional++;
  else entry.plain++;
  updates.set(id, entry);
  if (key.pk.startsWith('AGG#') && key.sk === 'AGG') aggregateWrites.set(key.pk, (aggregateWrites.get(key.pk) ?? 0) + 1);
};
dynamoDbClient.middlewareStack.add(
  (next, context) => async (input) => {
    const command = context.commandName ?? '';
    if (counting) {
      try {
        const body = input.input as Record<string, unknown>;
        if (READS.has(command)) reads.set(command, (reads.get(command) ?? 0) + 1);
        if (command === 'PutItemCommand') putUnits += writeUnits(itemSize(plain(body.Item as Plain)));
        if (command === 'UpdateItemCommand') noteUpdate(body.Key as Plain, false);
        if (command === 'DeleteItemCommand') putUnits += 1;
        if (command === 'BatchWriteItemCommand') {
          for (const requests of Object.values(body.RequestItems as Record<string, { PutRequest?: { Item: Plain } }[]>)) {
            for (const r of requests) putUnits += r.PutRequest ? writeUnits(itemSize(plain(r.PutRequest.Item))) : 1;
          }
        }
        if (command === 'TransactWriteItemsCommand') {
          for (const entry of body.TransactItems as { Put?: { Item: Plain }; Update?: { Key: Plain }; Delete?: unknown; ConditionCheck?: unknown }[]) {
            if (entry.Put) putUnits += writeUnits(itemSize(plain(entry.Put.Item)), true);
            else if (entry.Update) noteUpdate(entry.Update.Key, true);
            else putUnits += 2;
          }
        }
      } catch (error) {
        console.error('count failed', command, error);
      }
    }
    return next(input);
  },
  { step: 'serialize', priority: 'high', name: 'benchCountRequests' },
);

const key = new TextEncoder().encode(SECRET);
const tokens = await Promise.all(
  tree.filter((u) => u.kind === 'school').map((u) => signToken({ sub: 'bench', unit: u.id, role: 'school', import: true }, key)),
);
const started = new Map<string, number>();
const reflected = new Map<string, number>();
// The province counts a school when its RollupUpdated (which names every school of the batch) is
// published: the rollup's transaction is committed and its stream record read.
let publishedSeen = 0;
const watch = setInterval(() => {
  const published = runtime.bus.published;
  for (; publishedSeen < published.length; publishedSeen++) {
    const event = published[publishedSeen] as (typeof published)[number];
    const detail = event.detail as { unitId?: string; schoolId?: string; schools?: string[] };
    if (event['detail-type'] !== 'RollupUpdated' || detail.unitId !== 'tinh') continue;
    for (const school of detail.schools ?? [detail.schoolId ?? '']) if (!reflected.has(school)) reflected.set(school, Date.now());
  }
}, 5);

const submit = async (i: number): Promise<void> => {
  started.set(`s${i}`, Date.now());
  const response = await fetch(`${runtime.url}/api/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      unitId: `s${i}`,
      period: PERIOD,
      // A complete start-of-year report of a primary school (the period's required fields).
      values: { th_classes: 10 + (i % 5), th_pupils: 300 + i, teachers: 14 + (i % 5) },
    }),
  });
  if (response.status !== 202) throw new Error(`POST ${response.status}: ${await response.text()}`);
};

counting = true;
const t0 = performance.now();
let posted = 0;
if (RATE !== undefined) {
  // Open loop: send on a fixed schedule whatever the answers, as independent schools would.
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < SCHOOLS; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(submit(i).then(() => bar('Submitting', ++posted, SCHOOLS)));
  }
  await Promise.all(inFlight);
} else {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < SCHOOLS) {
        await submit(next++);
        bar('Submitting', ++posted, SCHOOLS);
      }
    }),
  );
}
while (reflected.size < SCHOOLS) {
  bar('Rolled up ', reflected.size, SCHOOLS);
  await new Promise((r) => setTimeout(r, 50));
}
bar('Rolled up ', reflected.size, SCHOOLS);
const elapsed = (performance.now() - t0) / 1000;
clearInterval(watch);
await runtime.settle();
counting = false;
const latencies = [...reflected].map(([school, at]) => at - (started.get(school) ?? 0)).sort((a, b) => a - b);

// Updates cost the larger of their item before and after: the item's size at the end bounds it.
const { GetItemCommand, PutItemCommand } = await import('@aws-sdk/client-dynamodb');
let updateUnits = 0;
for (const { key: itemKey, plain, transactional } of updates.values()) {
  const answer = await dynamoDbClient.send(new GetItemCommand({ TableName: runtime.tableName, Key: marshall(itemKey) }));
  const size = answer.Item ? itemSize(unmarshall(answer.Item)) : 0;
  updateUnits += plain * writeUnits(size) + transactional * writeUnits(size, true);
}
const unitsPerSubmission = (putUnits + updateUnits) / SCHOOLS;

// Raw single-item writes on DynamoDB Local, same run, same process, same concurrency.
const RAW = 2000;
let rawNext = 0;
const r0 = performance.now();
await Promise.all(
  Array.from({ length: Math.max(CONCURRENCY, 16) }, async () => {
    while (rawNext < RAW) {
      const i = rawNext++;
      await dynamoDbClient.send(new PutItemCommand({ TableName: runtime.tableName, Item: { pk: { S: `RAW#${i}` }, sk: { S: 'RAW' }, n: { N: String(i) } } }));
      if (i % 50 === 0 || i === RAW - 1) bar('Raw writes', Math.min(i + 1, RAW), RAW);
    }
  }),
);
bar('Raw writes', RAW, RAW);
const rawRate = RAW / ((performance.now() - r0) / 1000);
const limit = rawRate / MIN_WRITES_PER_SUBMISSION;
const rate = SCHOOLS / elapsed;
const readCount = [...reads.values()].reduce((a, b) => a + b, 0);
const provinceItems = [...aggregateWrites].filter(([pk]) => pk.startsWith('AGG#tinh#'));
const hottest = Math.max(0, ...provinceItems.map(([, n]) => n));

const result = {
  schools: SCHOOLS,
  mode: RATE === undefined ? { loop: 'closed', concurrency: CONCURRENCY } : { loop: 'open', rate: RATE },
  submissionsPerSecond: rate,
  seconds: elapsed,
  latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) },
  readsPerSubmission: readCount / SCHOOLS,
  reads: Object.fromEntries(reads),
  writeUnitsPerSubmission: unitsPerSubmission,
  provinceShards: provinceItems.length,
  hottestProvinceShardShare: hottest / SCHOOLS,
  rawPutItemPerSecond: rawRate,
  physicalLimitSubmissionsPerSecond: limit,
  shareOfPhysicalLimit: rate / limit,
};
if (JSON_OUTPUT) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const loop = RATE === undefined ? `closed loop, ${CONCURRENCY} clients` : `open loop at ${RATE} submissions/s`;
  console.log(`\nschools: ${SCHOOLS}, tree depth 4 (school → ward → city → province), ${loop}`);
  console.log(`end-to-end: ${rate.toFixed(1)} submissions/s (${elapsed.toFixed(2)} s for ${SCHOOLS})`);
  console.log(`POST → province rollup counts it: p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, p99 ${result.latencyMs.p99} ms`);
  const detail = [...reads].map(([command, n]) => `${(n / SCHOOLS).toFixed(2)} ${command.replace('Command', '')}`).join(', ');
  console.log(`reads per submission: ${result.readsPerSubmission.toFixed(2)} (${detail})`);
  console.log(`write units per submission, from item sizes (transactions ×2): ${unitsPerSubmission.toFixed(1)} (minimum ${MIN_WRITES_PER_SUBMISSION})`);
  console.log(
    `province aggregate: ${provinceItems.length} shard items; the hottest took ${hottest} of ${SCHOOLS} submissions (${((hottest / SCHOOLS) * 100).toFixed(1)}%)`,
  );
  console.log(`DynamoDB Local raw single-item PutItem: ${rawRate.toFixed(0)} writes/s → physical limit ${limit.toFixed(0)} submissions/s`);
  console.log(`ratio: ${(result.shareOfPhysicalLimit * 100).toFixed(1)} % of the physical limit`);
}
await runtime.stop();
process.exit(0);
