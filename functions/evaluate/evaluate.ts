/**
 * Target and completeness evaluation of one unit for one period, after its aggregate changed.
 * The EVAL item keeps, per indicator, whether the unit met its target, and whether the unit was
 * complete. A change of state is written with a revision check, together with the transitions it
 * makes; the table stream turns those transitions into TargetMet / TargetMissed / UnitCompleted
 * events (no dual write), so each transition is recorded once however often we are called.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type EvaluationState, evaluateTransitions, NO_EVALUATION } from '../../domain/evaluation.ts';
import { toVietnamIso } from '../../domain/vietnam-time.ts';
import type { Catalog, Period } from '../../schemas/catalog.ts';
import type { Transition } from '../../schemas/events.ts';
import type { RollupResponse } from '../../schemas/rollup.ts';
import { isSchool, type UnitItem } from '../../schemas/unit.ts';
import { documentClient } from '../commons/clients.ts';
import { keys } from '../commons/keys.ts';
import { aggregateRollup, rollupOf } from '../commons/read.ts';
import { isTransientDynamoError, withRetry } from '../commons/retry.ts';
import { getAggregate, getUnit } from '../commons/store.ts';

type StoredState = EvaluationState & { rev: number };

const stateOf = (item: Record<string, unknown> | undefined): StoredState =>
  item ? { rev: item.rev as number, met: item.met as Record<string, boolean>, completed: item.completed as boolean } : { rev: 0, ...NO_EVALUATION };

/**
 * The unit's stored evaluation and its current rollup. Above the schools, both come from one read
 * request: the evaluation item sits in the partition of the aggregate's first shard.
 */
const readStateAndRollup = async (tableName: string, catalog: Catalog, unit: UnitItem, period: Period): Promise<[StoredState, RollupResponse]> => {
  const stateKey = keys.evaluation(unit.id, period.id);
  if (isSchool(unit)) {
    const answer = await documentClient.send(new GetCommand({ TableName: tableName, Key: stateKey, ConsistentRead: true }));
    return [stateOf(answer.Item), await rollupOf(tableName, catalog, unit, period, false)];
  }
  const aggregate = await getAggregate(tableName, unit.id, period.id, true, [stateKey]);
  return [stateOf(aggregate.also[0]), aggregateRollup(catalog, unit, period, aggregate)];
};

export const evaluateUnit = async (
  tableName: string,
  catalog: Catalog,
  unitId: string,
  periodId: string,
  now: () => Date = () => new Date(),
): Promise<Transition[]> => {
  const period = catalog.periods.find((p) => p.id === periodId);
  const unit = await getUnit(tableName, unitId);
  if (!period || !unit) return [];
  return withRetry(
    async () => {
      const [state, rollup] = await readStateAndRollup(tableName, catalog, unit, period);
      const { met, completed, transitions, changed } = evaluateTransitions(state, rollup);
      if (!changed) return [];
      await documentClient.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.evaluation(unitId, periodId),
            type: 'Evaluation',
            unitId,
            period: periodId,
            rev: state.rev + 1,
            met,
            completed,
            transitions,
            evaluatedAt: toVietnamIso(now()),
          },
          ConditionExpression: state.rev === 0 ? 'attribute_not_exists(pk)' : 'rev = :rev',
          ExpressionAttributeValues: state.rev === 0 ? undefined : { ':rev': state.rev },
        }),
      );
      return transitions;
    },
    {
      attempts: 10,
      baseMs: 5,
      jitterMs: 10,
      retryOn: (error) => error instanceof ConditionalCheckFailedException || isTransientDynamoError(error),
      exhausted: () => new Error(`Evaluation of ${unitId} ${periodId} kept losing races`),
    },
  );
};
