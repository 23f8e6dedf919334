/**
 * The items a rollup writes in one transaction, whether it applies one version or a batch: the
 * APPLIED item of each school (conditioned on the version it replaces) and an ADD to each
 * aggregate shard.
 */
import { PAIR_SEPARATOR } from '../../domain/rollup.ts';
import type { Values } from '../../schemas/submission.ts';
import { keys } from '../commons/keys.ts';

/** Indicators whose sums moved (the pair sums behind rates are an implementation detail). */
export const changedIndicators = (delta: Values): string[] =>
  Object.keys(delta)
    .filter((code) => !code.includes(PAIR_SEPARATOR))
    .sort();

export interface AppliedVersion {
  schoolId: string;
  period: string;
  version: number;
  /** The version whose values are in the aggregates now (0 for none). */
  previousVersion: number;
  values: Values;
  ancestors: readonly string[];
  changed: readonly string[];
}

/** The APPLIED item moving from `previousVersion` to `version`: fails if another writer moved it first. */
export const appliedVersionPut = (tableName: string, applied: AppliedVersion, now: string) => ({
  Put: {
    TableName: tableName,
    Item: { ...keys.applied(applied.schoolId, applied.period), type: 'AppliedVersion', ...applied, appliedAt: now },
    ConditionExpression: applied.previousVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :previous',
    ExpressionAttributeValues: applied.previousVersion === 0 ? undefined : { ':previous': applied.previousVersion },
  },
});

/** What to add to one aggregate shard: attribute name → a number (a sum, a counter) or a set of school ids. */
export type AggregateAdds = readonly (readonly [attribute: string, value: number | Set<string>])[];

/** A transaction item that stamps the shard (`SET updatedAt …`) and `ADD`s every entry of `adds` to it. */
export const aggregateShardUpdate = (tableName: string, unitId: string, period: string, shard: number, adds: AggregateAdds, now: string) => {
  const names: Record<string, string> = { '#updatedAt': 'updatedAt', '#unitId': 'unitId', '#period': 'period', '#type': 'type' };
  const values: Record<string, unknown> = { ':now': now, ':unitId': unitId, ':period': period, ':type': 'Aggregate' };
  const parts = adds.map(([attribute, value], i) => {
    names[`#a${i}`] = attribute;
    values[`:a${i}`] = value;
    return `#a${i} :a${i}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: keys.aggregate(unitId, period, shard),
      UpdateExpression: `SET #updatedAt = :now, #unitId = :unitId, #period = :period, #type = :type${parts.length ? ` ADD ${parts.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};
