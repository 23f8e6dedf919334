/**
 * `npm run surge`: a national reporting surge replayed against the write path's item keys, by
 * simulation (no database): 54,000 schools in 34 provinces and 3,321 communes (the post-2025
 * two-level tree), 80 % of them in the last 24 hours before the deadline with a peak in the
 * deadline hour. Every submission writes the items the real code writes (same key functions,
 * same shard choice, item sizes by DynamoDB's rules, transactions counted double). Prints:
 * - the hottest item's write units per second against DynamoDB's 1,000 WCU/s per-item limit;
 * - the transaction conflicts expected (pairs of transactions on one item within `--txn-ms`);
 * - write units per submission and the cost of the surge.
 * Each figure is given for the rollup as one transaction per submission and as batches merged
 * per stream shard and window (`--window`, `--stream-shards`), with and without write sharding.
 * Options: --schools --provinces --communes --corrections (share) --window (s) --stream-shards
 * --txn-ms --wru-price (USD per million write units) --json.
 */
import { parseArgs } from 'node:util';
import { CATALOG } from '../catalog/index.ts';
import { itemSize, PARTITION_WRITE_LIMIT, writeUnits } from '../domain/capacity.ts';
import { seededRandom } from '../domain/random.ts';
import { shardCount, shardOf } from '../domain/rollup.ts';
import { GROUP_SEPARATOR, keys, VALUE_PREFIX } from '../functions/commons/keys.ts';
import type { Values } from '../schemas/submission.ts';

const { values: args } = parseArgs({
  options: {
    schools: { type: 'string', default: '54000' },
    provinces: { type: 'string', default: '34' },
    communes: { type: 'string', default: '3321' },
    corrections: { type: 'string', default: '0.05' },
    window: { type: 'string', default: '1' },
    'stream-shards': { type: 'string', default: '4' },
    'txn-ms': { type: 'string', default: '30' },
    'wru-price': { type: 'string', default: '0.625' },
    json: { type: 'boolean', default: false },
  },
});
const SCHOOLS = Number(args.schools);
const PROVINCES = Number(args.provinces);
const COMMUNES = Number(args.communes);
const CORRECTIONS = Number(args.corrections);
const WINDOW = Number(args.window);
const STREAM_SHARDS = Number(args['stream-shards']);
const TXN_SECONDS = Number(args['txn-ms']) / 1000;
const WRU_PRICE = Number(args['wru-price']);
const PERIOD = '2026-2027.end';
const DAY = 86_400;
const DEADLINE = 7 * DAY;

const random = seededRandom('surge-20261124');

// The tree: schools spread over communes, communes over provinces (uneven, like the real map).
interface School {
  id: string;
  ancestors: string[];
  group: string;
}
const communeOf: { id: string; province: string }[] = Array.from({ length: COMMUNES }, (_, c) => ({
  id: `xa-${String(c).padStart(4, '0')}-${'x'.repeat(6)}`,
  province: `tinh-${String(Math.floor((c * PROVINCES) / COMMUNES)).padStart(2, '0')}`,
}));
const schools: School[] = Array.from({ length: SCHOOLS }, (_, s) => {
  const commune = communeOf[Math.floor(random() * COMMUNES)] as { id: string; province: string };
  return { id: `${commune.id}-truong-${String(s).padStart(5, '0')}`, ancestors: [commune.id, commune.province], group: random() < 0.12 ? 'private' : 'public' };
});
const expected = new Map<string, number>();
for (const school of schools) for (const a of school.ancestors) expected.set(a, (expected.get(a) ?? 0) + 1);

// A full report: every count and flag of a TH&THCS school, with plausible magnitudes.
const reportOf = (): Values => {
  const values: Values = {};
  for (const indicator of CATALOG.indicators) {
    if (indicator.kind === 'rate' || indicator.levels.includes('MN')) continue;
    values[indicator.code] = indicator.kind === 'flag' ? (random() < 0.6 ? 1 : 0) : 20 + Math.floor(random() * 1200);
  }
  return values;
};

// Arrival times: 20 % over the six days before, 80 % in the last 24 h, of which 35 % in the
// deadline hour on a rising ramp; the rest of the last day rises exponentially.
const arrival = (): number => {
  const u = random();
  if (u < 0.2) return random() * (DEADLINE - DAY);
  if (u < 0.2 + 0.8 * 0.35) return DEADLINE - 3600 * (1 - Math.sqrt(random()));
  const tau = 6 * 3600;
  const span = DAY - 3600;
  const x = Math.log(1 + random() * (Math.exp(span / tau) - 1)) * tau;
  return DEADLINE - DAY + x;
};

interface Submission {
  at: number;
  school: School;
  version: number;
  values: Values;
}
const submissions: Submission[] = schools.map((school) => ({ at: arrival(), school, version: 1, values: reportOf() }));
for (const first of submissions.slice(0, Math.round(SCHOOLS * CORRECTIONS))) {
  submissions.push({ ...first, at: first.at + 600 + random() * 3600, version: 2, values: reportOf() });
}
submissions.sort((a, b) => a.at - b.at);

// Item sizes, built as the code builds the items.
const versionItem = (s: Submission) => ({
  ...keys.submissionVersion(s.school.id, PERIOD, s.version),
  type: 'SubmissionVersion',
  submissionId: '0195f5c2-7b7e-7cc0-b1b6-1f7c1ad0c0de',
  schoolId: s.school.id,
  period: PERIOD,
  version: s.version,
  values: s.values,
  submittedAt: '2027-06-15T16:59:59.999+07:00',
  submittedBy: 'truong-ab12cd34',
  source: { ip: '203.113.131.1', userAgent: 'Mozilla/5.0 (Linux; Android 14) Chrome/131' },
  late: false,
});
const headItem = (s: Submission) => ({ ...keys.submissionHead(s.school.id, PERIOD), latestVersion: s.version, updatedAt: '2027-06-15T16:59:59.999+07:00' });
const idemItem = (s: Submission) => ({
  ...keys.idempotency(s.school.id, '0195f5c2-7b7e-7cc0-b1b6-1f7c1ad0c0de'),
  hash: 'x'.repeat(43),
  answer: '{}',
  ttl: 1_800_000_000,
});
const appliedItem = (s: Submission) => ({
  ...keys.applied(s.school.id, PERIOD),
  type: 'AppliedVersion',
  schoolId: s.school.id,
  period: PERIOD,
  version: s.version,
  previousVersion: s.version - 1,
  values: s.values,
  ancestors: s.school.ancestors,
  changed: Object.keys(s.values),
  appliedAt: '2027-06-15T16:59:59.999+07:00',
});

/** An aggregate item as it grows: its sums (total and per group) and its set of schools. */
class Aggregate {
  sums = new Map<string, number>();
  schools = new Set<string>();
  /** Bytes of the school set, kept as the set grows (the set dominates a large unit's item). */
  private schoolBytes = 0;
  constructor(readonly key: { pk: string; sk: string }) {}
  size(): number {
    const item: Record<string, unknown> = {
      ...this.key,
      type: 'Aggregate',
      unitId: 'x'.repeat(20),
      period: PERIOD,
      updatedAt: '2027-06-15T16:59:59.999+07:00',
    };
    for (const [name, sum] of this.sums) item[name] = sum;
    item.submitted = this.schools.size;
    item.onTime = this.schools.size;
    return itemSize(item) + 'submittedSchools'.length + this.schoolBytes;
  }
  /** Add a delta; returns the write units of the update (the larger of before and after). */
  add(delta: Values, group: string, school: string, transactional: boolean): number {
    const before = this.size();
    for (const [code, d] of Object.entries(delta)) {
      for (const name of [`${VALUE_PREFIX}${code}`, `${VALUE_PREFIX}${code}${GROUP_SEPARATOR}${group}`]) this.sums.set(name, (this.sums.get(name) ?? 0) + d);
    }
    if (!this.schools.has(school)) {
      this.schools.add(school);
      this.schoolBytes += Buffer.byteLength(school, 'utf8');
    }
    return writeUnits(Math.max(before, this.size()), transactional);
  }
}

interface Mode {
  name: string;
  sharded: boolean;
  batched: boolean;
}
const MODES: Mode[] = [
  { name: 'per submission, no sharding', sharded: false, batched: false },
  { name: 'per submission, sharded (today)', sharded: true, batched: false },
  { name: `batched (${WINDOW} s windows, ${STREAM_SHARDS} stream shards), sharded`, sharded: true, batched: true },
];

interface Result {
  mode: string;
  submissions: number;
  writeUnits: number;
  writeUnitsPerSubmission: number;
  hottestItem: string;
  hottestSecond: number;
  hottestWcuPerSecond: number;
  shareOfItemLimit: number;
  peakSubmissionsPerSecond: number;
  expectedConflicts: number;
  costUsd: number;
}

const streamShardOf = (schoolId: string): number => shardOf(`SUB#${schoolId}#${PERIOD}`, STREAM_SHARDS);

const simulate = (mode: Mode): Result => {
  const aggregates = new Map<string, Aggregate>();
  const aggregate = (unitId: string, shard: number): Aggregate => {
    const key = keys.aggregate(unitId, PERIOD, shard);
    let found = aggregates.get(key.pk);
    if (!found) {
      found = new Aggregate(key);
      aggregates.set(key.pk, found);
    }
    return found;
  };
  /** Write units and transactional writes per (item, second). */
  const perSecond = new Map<string, { wcu: number; txns: number }>();
  const perSubmissionSecond = new Map<number, number>();
  let total = 0;
  /** One transactional write of one item (pk and sk: the item, not the partition). */
  const charge = (key: { pk: string; sk: string }, at: number, units: number): void => {
    const slot = `${key.pk}/${key.sk}|${Math.floor(at)}`;
    const entry = perSecond.get(slot) ?? { wcu: 0, txns: 0 };
    entry.wcu += units;
    entry.txns += 1;
    perSecond.set(slot, entry);
    total += units;
  };
  const applied = new Map<string, Values>();
  const deltaOf = (s: Submission): Values => {
    const before = applied.get(s.school.id) ?? {};
    const delta: Values = {};
    for (const code of new Set([...Object.keys(before), ...Object.keys(s.values)])) {
      const d = (s.values[code] ?? 0) - (before[code] ?? 0);
      if (d !== 0) delta[code] = d;
    }
    applied.set(s.school.id, s.values);
    return delta;
  };
  const shardFor = (school: School, ancestor: string): number => (mode.sharded ? shardOf(school.id, shardCount(expected.get(ancestor) ?? 1)) : 0);

  // Intake: one transaction per submission (version + head + idempotency), in every mode.
  for (const s of submissions) {
    const second = Math.floor(s.at);
    perSubmissionSecond.set(second, (perSubmissionSecond.get(second) ?? 0) + 1);
    for (const item of [versionItem(s), headItem(s), idemItem(s)]) charge(item, s.at, writeUnits(itemSize(item), true));
  }
  if (!mode.batched) {
    for (const s of submissions) {
      charge(keys.applied(s.school.id, PERIOD), s.at, writeUnits(itemSize(appliedItem(s)), true));
      const delta = deltaOf(s);
      for (const a of s.school.ancestors) {
        const agg = aggregate(a, shardFor(s.school, a));
        charge(agg.key, s.at, agg.add(delta, s.school.group, s.school.id, true));
      }
    }
  } else {
    // Batches: the submissions of one stream shard within one window; the deltas of shared
    // aggregate items are merged, so each item is written once per batch.
    const batches = new Map<string, Submission[]>();
    for (const s of submissions) {
      const slot = `${Math.floor(s.at / WINDOW)}|${streamShardOf(s.school.id)}`;
      const batch = batches.get(slot) ?? [];
      batch.push(s);
      batches.set(slot, batch);
    }
    for (const batch of batches.values()) {
      const at = Math.max(...batch.map((s) => s.at));
      const merged = new Map<Aggregate, { delta: Values; group: string; schools: string[] }[]>();
      for (const s of batch) {
        charge(keys.applied(s.school.id, PERIOD), at, writeUnits(itemSize(appliedItem(s)), true));
        const delta = deltaOf(s);
        for (const a of s.school.ancestors) {
          const agg = aggregate(a, shardFor(s.school, a));
          const parts = merged.get(agg) ?? [];
          parts.push({ delta, group: s.school.group, schools: [s.school.id] });
          merged.set(agg, parts);
        }
      }
      for (const [agg, parts] of merged) {
        const before = agg.size();
        for (const part of parts) agg.add(part.delta, part.group, part.schools[0] as string, true);
        charge(agg.key, at, writeUnits(Math.max(before, agg.size()), true));
      }
    }
  }

  let hottest = { slot: '', wcu: 0 };
  let conflicts = 0;
  for (const [slot, { wcu, txns }] of perSecond) {
    if (wcu > hottest.wcu) hottest = { slot, wcu };
    // Two transactions on one item in the same second overlap with probability ≈ 2·d (d in s).
    if (txns > 1) conflicts += ((txns * (txns - 1)) / 2) * Math.min(1, 2 * TXN_SECONDS);
  }
  const [item = '', second = '0'] = hottest.slot.split('|');
  return {
    mode: mode.name,
    submissions: submissions.length,
    writeUnits: total,
    writeUnitsPerSubmission: total / submissions.length,
    hottestItem: item,
    hottestSecond: Number(second),
    hottestWcuPerSecond: hottest.wcu,
    shareOfItemLimit: hottest.wcu / PARTITION_WRITE_LIMIT,
    peakSubmissionsPerSecond: Math.max(...perSubmissionSecond.values()),
    expectedConflicts: conflicts,
    costUsd: (total / 1e6) * WRU_PRICE,
  };
};

const results = MODES.map(simulate);
if (args.json) {
  console.log(JSON.stringify({ schools: SCHOOLS, provinces: PROVINCES, communes: COMMUNES, corrections: CORRECTIONS, results }, null, 2));
} else {
  const deadlineHour = submissions.filter((s) => s.at > DEADLINE - 3600).length;
  const lastDay = submissions.filter((s) => s.at > DEADLINE - DAY).length;
  console.log(
    `surge: ${SCHOOLS} schools in ${PROVINCES} provinces and ${COMMUNES} communes, ${submissions.length} submissions (${Math.round(CORRECTIONS * 100)} % corrected once)`,
  );
  console.log(
    `  ${((lastDay / submissions.length) * 100).toFixed(0)} % in the last 24 h, ${((deadlineHour / submissions.length) * 100).toFixed(0)} % in the deadline hour`,
  );
  for (const r of results) {
    console.log(`\n${r.mode}`);
    console.log(`  peak: ${r.peakSubmissionsPerSecond} submissions/s nationally`);
    console.log(
      `  hottest item: ${r.hottestItem} took ${r.hottestWcuPerSecond} WCU in one second = ${(r.shareOfItemLimit * 100).toFixed(1)} % of the ${PARTITION_WRITE_LIMIT} WCU/s item limit`,
    );
    console.log(`  write units: ${r.writeUnits} in all, ${r.writeUnitsPerSubmission.toFixed(1)} per submission (transactions ×2, updates by the larger size)`);
    console.log(`  transaction conflicts expected: ${r.expectedConflicts.toFixed(1)} (same item, same second, within ${TXN_SECONDS * 1000} ms)`);
    console.log(`  cost of the surge's writes: US$${r.costUsd.toFixed(2)} at US$${WRU_PRICE} per million write units (on-demand)`);
  }
}
