/**
 * Applying a batch of stored submission versions to the aggregates, exactly once, with the deltas
 * of shared ancestors merged.
 *
 * The rule is the one of apply.ts, for many schools at a time: each school's APPLIED item moves
 * from the version a it holds to the version b of the batch (conditioned on a), and every aggregate
 * shard gets, in the same transaction, the sum of the deltas (values_b − values_a) of the schools
 * below it. So a batch of 40 schools of one ward writes the ward, city and province shards once
 * each instead of 40 times. A transaction holds at most 100 items; a batch that needs more is cut
 * into several transactions, each one whole (its schools' APPLIED items and their merged deltas).
 * A lost race fails a condition, cancels that transaction only, and its schools are re-read and
 * retried; duplicates and older versions find APPLIED ≥ their version and change nothing.
 *
 * Reads: one BatchGetItem of the APPLIED items per 100 schools (the values come with the stream
 * record, the tree from the container's cache).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { CATALOG } from '../../catalog/index.ts';
import { diffValues, rollupValues, shardOf } from '../../domain/rollup.ts';
import { toVietnamIso } from '../../domain/vietnam-time.ts';
import type { Catalog } from '../../schemas/catalog.ts';
import type { Values } from '../../schemas/submission.ts';
import { documentClient } from '../commons/clients.ts';
import { GROUP_SEPARATOR, keys, VALUE_PREFIX } from '../commons/keys.ts';
import { logger } from '../commons/logger.ts';
import { drain, isTransientDynamoError } from '../commons/retry.ts';
import { batchGet, getHeads, getUnit, getVersions, itemKey } from '../commons/store.ts';
import { aggregateShardUpdate, appliedVersionPut, changedIndicators } from './aggregate-update.ts';

/** A stored version as the stream delivers it. */
export interface StoredVersion {
  schoolId: string;
  period: string;
  version: number;
  values: Values;
  /** Whether this version came in after its due date. */
  late?: boolean;
  /** Drafts are never rolled up. */
  draft?: boolean;
  /** When the version was stored (for the rollup-lag metric). */
  submittedAt?: string;
}

export interface BatchOutcome {
  applied: { schoolId: string; period: string; fromVersion: number; toVersion: number }[];
  skipped: number;
  transactions: number;
}

const MAX_ATTEMPTS = 12;
const MAX_TRANSACTION_ITEMS = 100;

interface Applied {
  version: number;
  values: Values;
}

/** One school's move from its applied version to the batch's version. */
interface Move {
  target: StoredVersion;
  /** What the school adds to the aggregates (its values with the pair sums of its rates). */
  values: Values;
  from: Applied;
  delta: Values;
  group: string;
  ancestors: string[];
  /** Aggregate shards (pk) the move adds into, one per ancestor. */
  shards: { unitId: string; shard: number }[];
  /** Set on the school's first applied version. */
  first: { late: boolean } | null;
}

const appliedKey = (v: { schoolId: string; period: string }): string => `${v.schoolId}|${v.period}`;

const readApplied = async (tableName: string, versions: readonly StoredVersion[]): Promise<Map<string, Applied>> => {
  const items = await batchGet(
    tableName,
    versions.map((v) => keys.applied(v.schoolId, v.period)),
  );
  const found = new Map<string, Applied>();
  for (const v of versions) {
    const item = items.get(itemKey(keys.applied(v.schoolId, v.period)));
    if (item) found.set(appliedKey(v), { version: item.version as number, values: item.values as Values });
  }
  return found;
};

/** `ADD` the merged deltas of several schools to one aggregate shard. */
const mergedAggregateUpdate = (tableName: string, unitId: string, period: string, shard: number, moves: readonly Move[], now: string) => {
  const sums = new Map<string, number>();
  const add = (name: string, d: number): void => {
    sums.set(name, (sums.get(name) ?? 0) + d);
  };
  let onTime = 0;
  let late = 0;
  const firstSchools = new Set<string>();
  const lateSchools = new Set<string>();
  for (const move of moves) {
    for (const [code, d] of Object.entries(move.delta)) {
      add(`${VALUE_PREFIX}${code}`, d);
      add(`${VALUE_PREFIX}${code}${GROUP_SEPARATOR}${move.group}`, d);
    }
    if (move.first) {
      firstSchools.add(move.target.schoolId);
      if (move.first.late) {
        late++;
        lateSchools.add(move.target.schoolId);
      } else onTime++;
    }
  }
  const adds: [string, number | Set<string>][] = [...sums].filter(([, d]) => d !== 0);
  const counters: [string, number][] = [
    ['submitted', firstSchools.size],
    ['onTime', onTime],
    ['late', late],
  ];
  adds.push(...counters.filter(([, n]) => n !== 0));
  if (firstSchools.size > 0) adds.push(['submittedSchools', firstSchools]);
  if (lateSchools.size > 0) adds.push(['lateSchools', lateSchools]);
  return aggregateShardUpdate(tableName, unitId, period, shard, adds, now);
};

const appliedPut = (tableName: string, move: Move, now: string) => {
  const { schoolId, period, version } = move.target;
  return appliedVersionPut(
    tableName,
    { schoolId, period, version, previousVersion: move.from.version, values: move.values, ancestors: move.ancestors, changed: changedIndicators(move.delta) },
    now,
  );
};

/** Cut the moves into whole transactions of at most 100 items (APPLIED items + distinct shards). */
export const planTransactions = <M extends { shards: { unitId: string; shard: number }[] }>(moves: readonly M[], limit = MAX_TRANSACTION_ITEMS): M[][] => {
  const plans: M[][] = [];
  let current: M[] = [];
  let shards = new Set<string>();
  for (const move of moves) {
    const own = move.shards.map((s) => `${s.unitId}#${s.shard}`);
    const added = own.filter((s) => !shards.has(s)).length;
    if (current.length > 0 && current.length + 1 + shards.size + added > limit) {
      plans.push(current);
      current = [];
      shards = new Set();
    }
    current.push(move);
    for (const s of own) shards.add(s);
  }
  if (current.length > 0) plans.push(current);
  return plans;
};

const writePlan = async (tableName: string, plan: readonly Move[], now: string): Promise<void> => {
  const byShard = new Map<string, { unitId: string; shard: number; period: string; moves: Move[] }>();
  for (const move of plan) {
    for (const { unitId, shard } of move.shards) {
      const id = `${unitId}#${move.target.period}#${shard}`;
      const entry = byShard.get(id) ?? { unitId, shard, period: move.target.period, moves: [] };
      entry.moves.push(move);
      byShard.set(id, entry);
    }
  }
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        ...plan.map((move) => appliedPut(tableName, move, now)),
        ...[...byShard.values()].map((s) => mergedAggregateUpdate(tableName, s.unitId, s.period, s.shard, s.moves, now)),
      ],
    }),
  );
};

/**
 * Whether each school's first final version came in late, for the schools applied for the first
 * time: the first final decides on-time or late (drafts before it do not count). A version 1 is its
 * own first final; the others need their head and maybe that version, read for the whole batch in
 * at most two read requests.
 */
const firstFinalLateness = async (tableName: string, pending: readonly StoredVersion[], applied: Map<string, Applied>): Promise<Map<string, boolean>> => {
  const lateness = new Map<string, boolean>();
  const unknown: StoredVersion[] = [];
  for (const target of pending) {
    if ((applied.get(appliedKey(target))?.version ?? 0) > 0) continue;
    if (target.version === 1) lateness.set(appliedKey(target), target.late ?? false);
    else unknown.push(target);
  }
  if (unknown.length === 0) return lateness;
  const heads = await getHeads(tableName, unknown);
  const elsewhere: { target: StoredVersion; firstFinal: number }[] = [];
  unknown.forEach((target, i) => {
    const firstFinal = heads[i]?.firstFinal ?? 0;
    if (firstFinal === target.version) lateness.set(appliedKey(target), target.late ?? false);
    else elsewhere.push({ target, firstFinal });
  });
  const versions = await getVersions(
    tableName,
    elsewhere.map(({ target, firstFinal }) => ({ schoolId: target.schoolId, period: target.period, version: firstFinal })),
  );
  elsewhere.forEach(({ target }, i) => {
    lateness.set(appliedKey(target), versions[i]?.late ?? false);
  });
  return lateness;
};

const isRetryable = (error: unknown): boolean => error instanceof TransactionCanceledException || isTransientDynamoError(error);

/** Apply the newest version of each (school, period) in the batch. */
export const applyBatch = async (
  tableName: string,
  batch: readonly StoredVersion[],
  now: () => Date = () => new Date(),
  catalog: Catalog = CATALOG,
): Promise<BatchOutcome> => {
  const newest = new Map<string, StoredVersion>();
  for (const v of batch) {
    if (v.draft === true) continue;
    const seen = newest.get(appliedKey(v));
    if (!seen || v.version > seen.version) newest.set(appliedKey(v), v);
  }
  const outcome: BatchOutcome = { applied: [], skipped: 0, transactions: 0 };
  let lastError: unknown;
  let attempt = 0;
  const step = async (pending: readonly StoredVersion[]): Promise<StoredVersion[]> => {
    if (attempt++ > 0) logger.debug('rollup batch retry', { attempt, schools: pending.length, reason: (lastError as Error).name });
    const applied = await readApplied(tableName, pending);
    const lateOfFirst = await firstFinalLateness(tableName, pending, applied);
    const moves: Move[] = [];
    for (const target of pending) {
      const from = applied.get(appliedKey(target)) ?? { version: 0, values: {} };
      if (from.version >= target.version) {
        outcome.skipped++;
        continue;
      }
      const school = await getUnit(tableName, target.schoolId);
      const placement = school?.periods[target.period];
      if (!school || !placement) {
        logger.warn('school not open in period, nothing to roll up', { schoolId: target.schoolId, period: target.period });
        outcome.skipped++;
        continue;
      }
      const first: Move['first'] = from.version === 0 ? { late: lateOfFirst.get(appliedKey(target)) ?? false } : null;
      moves.push({
        target,
        from,
        values: rollupValues(catalog, target.values),
        delta: diffValues(from.values, rollupValues(catalog, target.values)),
        group: school.ownership ?? 'public',
        ancestors: placement.ancestors,
        shards: placement.ancestors.map((unitId, i) => ({ unitId, shard: shardOf(target.schoolId, placement.shards?.[i] ?? 1) })),
        first,
      });
    }
    const stamp = toVietnamIso(now());
    const failed: StoredVersion[] = [];
    for (const plan of planTransactions(moves)) {
      try {
        await writePlan(tableName, plan, stamp);
        outcome.transactions++;
        for (const m of plan)
          outcome.applied.push({ schoolId: m.target.schoolId, period: m.target.period, fromVersion: m.from.version, toVersion: m.target.version });
      } catch (error) {
        if (!isRetryable(error)) throw error;
        lastError = error;
        failed.push(...plan.map((m) => m.target));
      }
    }
    return failed;
  };
  // Versions whose transaction lost a race (or met a transient error) are re-read and tried again.
  const left = await drain([...newest.values()], step, { attempts: MAX_ATTEMPTS, baseMs: 10, maxMs: 1000, jitterMs: 10 });
  if (left.length > 0) throw lastError;
  return outcome;
};
