/** Data access for units, submissions and aggregates. Plain functions over the document client. */
import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { UnitItemSchema, type UnitItem } from '../../schemas/unit.ts';
import { SubmissionVersionSchema, type SubmissionVersion, type Values } from '../../schemas/submission.ts';
import { documentClient } from './clients.ts';
import { keys, VALUE_PREFIX } from './keys.ts';

export interface Store {
  tableName: string;
}

export const getUnit = async (tableName: string, unitId: string): Promise<UnitItem | undefined> => {
  const answer = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.unit(unitId) }));
  return answer.Item ? UnitItemSchema.parse(answer.Item) : undefined;
};

export const listChildren = async (tableName: string, parentId: string | null): Promise<UnitItem[]> => {
  const items: UnitItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const answer = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.childrenIndex(parentId) },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of answer.Items ?? []) items.push(UnitItemSchema.parse(item));
    start = answer.LastEvaluatedKey;
  } while (start);
  return items;
};

/** Write unit items (the tree), 25 at a time, retrying unprocessed items. */
export const putUnits = async (tableName: string, units: readonly UnitItem[]): Promise<void> => {
  for (let i = 0; i < units.length; i += 25) {
    let requests = units.slice(i, i + 25).map((unit) => ({
      PutRequest: {
        Item: { ...keys.unit(unit.id), type: 'Unit', gsi1pk: keys.childrenIndex(unit.parentId), gsi1sk: unit.id, ...unit },
      },
    }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 10) throw new Error('DynamoDB kept unprocessed unit writes');
      const answer = await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (answer.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
};

export const getSubmissionVersion = async (
  tableName: string,
  schoolId: string,
  period: string,
  version: number,
): Promise<SubmissionVersion | undefined> => {
  const answer = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: keys.submissionVersion(schoolId, period, version), ConsistentRead: true }),
  );
  return answer.Item ? SubmissionVersionSchema.parse(answer.Item) : undefined;
};

export const getLatestVersionNumber = async (tableName: string, schoolId: string, period: string): Promise<number> => {
  const answer = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: keys.submissionHead(schoolId, period), ConsistentRead: true }),
  );
  return typeof answer.Item?.latestVersion === 'number' ? answer.Item.latestVersion : 0;
};

export interface AggregateItem {
  unitId: string;
  period: string;
  sums: Values;
  submitted: number;
  updatedAt: string | null;
}

export const getAggregate = async (tableName: string, unitId: string, period: string, consistent = false): Promise<AggregateItem> => {
  const answer = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: keys.aggregate(unitId, period), ConsistentRead: consistent }),
  );
  const item = answer.Item ?? {};
  const sums: Values = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(VALUE_PREFIX) && typeof value === 'number') sums[name.slice(VALUE_PREFIX.length)] = value;
  }
  return {
    unitId,
    period,
    sums,
    submitted: typeof item.submitted === 'number' ? item.submitted : 0,
    updatedAt: typeof item.updatedAt === 'string' ? item.updatedAt : null,
  };
};
