/** The one shape of a write to an aggregate shard: stamp it, and ADD numbers and sets to its attributes. */
import { keys } from '../commons/keys.ts';

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
