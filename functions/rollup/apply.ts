/**
 * Applying a school's latest submission version to every ancestor's aggregate, exactly once.
 *
 * The APPLIED item of (school, period) remembers which version and which values are already in
 * the aggregates. One transaction moves APPLIED from version a to version b (conditioned on a)
 * and ADDs (values_b − values_a) to every ancestor. Duplicates and older events find
 * APPLIED ≥ their version and change nothing; a lost race fails the condition and re-reads.
 */

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { CATALOG } from '../../catalog/index.ts';
import { diffValues, rollupValues, shardOf } from '../../domain/rollup.ts';
import { toVietnamIso } from '../../domain/vietnam-time.ts';
import type { Catalog } from '../../schemas/catalog.ts';
import type { SubmissionAcceptedDetail } from '../../schemas/events.ts';
import type { Values } from '../../schemas/submission.ts';
import { documentClient } from '../commons/clients.ts';
import { GROUP_SEPARATOR, keys, VALUE_PREFIX } from '../commons/keys.ts';
import { logger } from '../commons/logger.ts';
import { isTransientDynamoError, withRetry } from '../commons/retry.ts';
import { getHead, getSubmissionVersion, getUnit } from '../commons/store.ts';
import { aggregateShardUpdate, appliedVersionPut, changedIndicators } from './aggregate-update.ts';

export type ApplyOutcome =
  | { status: 'applied'; fromVersion: number; toVersion: number; ancestors: string[]; changed: string[] }
  | { status: 'skipped'; appliedVersion: number };

const readApplied = async (tableName: string, schoolId: string, period: string): Promise<{ version: number; values: Values }> => {
  const answer = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.applied(schoolId, period), ConsistentRead: true }));
  return answer.Item ? { version: answer.Item.version as number, values: answer.Item.values as Values } : { version: 0, values: {} };
};

export interface FirstReport {
  /** Whether the school's first version came in by its due date. */
  late: boolean;
}

/**
 * Build `ADD v_a :d0, v_a@public :d0, …, submitted :one SET …` for one ancestor: every sum is kept
 * in total and for the school's group (ownership), so the public/private rows roll up too.
 */
const aggregateUpdate = (
  tableName: string,
  unitId: string,
  period: string,
  shard: number,
  delta: Values,
  group: string,
  first: (FirstReport & { schoolId: string }) | null,
  now: string,
) => {
  const adds: [string, number | Set<string>][] = Object.entries(delta).flatMap(([code, d]): [string, number][] => [
    [`${VALUE_PREFIX}${code}`, d],
    [`${VALUE_PREFIX}${code}${GROUP_SEPARATOR}${group}`, d],
  ]);
  if (first) {
    adds.push(['submitted', 1], [first.late ? 'late' : 'onTime', 1], ['submittedSchools', new Set([first.schoolId])]);
    // The late schools by name (the dashboard lists them), beside the count.
    if (first.late) adds.push(['lateSchools', new Set([first.schoolId])]);
  }
  return aggregateShardUpdate(tableName, unitId, period, shard, adds, now);
};

/** A lost race (the APPLIED condition) or a transient error: re-read and try again. */
const ROLLUP_RETRY = {
  attempts: 12,
  baseMs: 10,
  maxMs: 1000,
  jitterMs: 10,
  retryOn: (error: unknown) => error instanceof TransactionCanceledException || isTransientDynamoError(error),
};

export const applySubmission = async (
  tableName: string,
  detail: SubmissionAcceptedDetail,
  now: () => Date = () => new Date(),
  catalog: Catalog = CATALOG,
): Promise<ApplyOutcome> => {
  const { schoolId, period } = detail;
  return withRetry(async (attempt) => {
    if (attempt > 0) logger.debug('rollup retry', { schoolId, period, attempt });
    const [applied, head] = await Promise.all([readApplied(tableName, schoolId, period), getHead(tableName, schoolId, period)]);
    // The head is written in the same transaction as its version, so it is never behind the event:
    // apply the latest final version directly (a newer version's own event will then be a no-op).
    // Drafts never move `latestFinal`: a draft's event, or a draft after a final, changes nothing.
    if (applied.version >= head.latestFinal) return { status: 'skipped', appliedVersion: applied.version };
    const target = head.latestFinal;
    const [version, school] = await Promise.all([getSubmissionVersion(tableName, schoolId, period, target), getUnit(tableName, schoolId)]);
    if (!version) throw new Error(`Submission ${schoolId} ${period} v${target} is missing`);
    if (!school) throw new Error(`Unit ${schoolId} is missing`);
    const placement = school.periods[period];
    if (!placement) {
      logger.warn('school not open in period, nothing to roll up', { schoolId, period });
      return { status: 'skipped', appliedVersion: applied.version };
    }
    const ancestors = placement.ancestors;
    const firstVersion =
      applied.version === 0 ? (target === head.firstFinal ? version : await getSubmissionVersion(tableName, schoolId, period, head.firstFinal)) : undefined;
    const first = applied.version === 0 ? { late: firstVersion?.late ?? false, schoolId } : null;
    const values = rollupValues(catalog, version.values);
    const delta = diffValues(applied.values, values);
    const changed = changedIndicators(delta);
    const stamp = toVietnamIso(now());
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          appliedVersionPut(tableName, { schoolId, period, version: target, previousVersion: applied.version, values, ancestors, changed }, stamp),
          ...ancestors.map((unitId, i) =>
            aggregateUpdate(tableName, unitId, period, shardOf(schoolId, placement.shards?.[i] ?? 1), delta, school.ownership ?? 'public', first, stamp),
          ),
        ],
      }),
    );
    return { status: 'applied', fromVersion: applied.version, toVersion: target, ancestors, changed };
  }, ROLLUP_RETRY);
};
