/** Data access for units, submissions and aggregates. Plain functions over the document client. */
import { BatchGetCommand, BatchWriteCommand, GetCommand, QueryCommand, type QueryCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addInto, MAX_SHARDS } from '../../domain/rollup.ts';
import { type Membership, parentOn } from '../../domain/tree.ts';
import { type SubmissionVersion, SubmissionVersionSchema, type Values } from '../../schemas/submission.ts';
import { UNIT_ID_PATTERN, type UnitItem, UnitItemSchema } from '../../schemas/unit.ts';
import { documentClient } from './clients.ts';
import { GROUP_SEPARATOR, keys, VALUE_PREFIX } from './keys.ts';
import { drain } from './retry.ts';
import { UnitCache } from './unit-cache.ts';

export { isTransientDynamoError } from './retry.ts';

/** Every item of a query, page after page. */
export const queryAll = async (input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const answer = await documentClient.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(answer.Items ?? []));
    start = answer.LastEvaluatedKey;
  } while (start);
  return items;
};

const readUnit = async (tableName: string, unitId: string): Promise<UnitItem | undefined> => {
  // Ids that cannot exist never reach DynamoDB (a long one would exceed its key size).
  if (!UNIT_ID_PATTERN.test(unitId)) return undefined;
  const answer = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.unit(unitId) }));
  return answer.Item ? UnitItemSchema.parse(answer.Item) : undefined;
};

const readTreeRevision = async (tableName: string): Promise<number> => {
  const answer = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.treeRevision(), ConsistentRead: true }));
  return typeof answer.Item?.rev === 'number' ? answer.Item.rev : 0;
};

const UNIT_CACHE_MS = Number(process.env.UNIT_CACHE_SECONDS ?? 30) * 1000;
const unitCaches = new Map<string, UnitCache>();

/** A unit, from this container's cache of the tree (see unit-cache.ts). */
export const getUnit = async (tableName: string, unitId: string): Promise<UnitItem | undefined> => {
  let cache = unitCaches.get(tableName);
  if (!cache) {
    cache = new UnitCache({ readRevision: () => readTreeRevision(tableName), readUnit: (id) => readUnit(tableName, id) }, UNIT_CACHE_MS);
    unitCaches.set(tableName, cache);
  }
  return cache.get(unitId);
};

export const listChildren = async (tableName: string, parentId: string | null): Promise<UnitItem[]> =>
  (
    await queryAll({
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.childrenIndex(parentId) },
    })
  ).map((item) => UnitItemSchema.parse(item));

/** Retries of a batch's unprocessed items. */
const UNPROCESSED_BACKOFF = { attempts: 12, baseMs: 20, maxMs: 2000 };

export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

/** Puts and deletes, 25 a call, retrying unprocessed items with backoff. */
export const batchWriteAll = async (tableName: string, writes: readonly WriteRequest[]): Promise<void> => {
  for (let i = 0; i < writes.length; i += 25) {
    const left = await drain(
      writes.slice(i, i + 25),
      async (requests) => {
        const answer = await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: [...requests] } }));
        return (answer.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
      },
      UNPROCESSED_BACKOFF,
    );
    if (left.length > 0) throw new Error('DynamoDB kept unprocessed writes');
  }
};

/** Write the tree: unit items (children index on the current parent) and memberships. */
export const putUnits = async (tableName: string, units: readonly UnitItem[], members: readonly Membership[] = []): Promise<void> => {
  const items = [
    ...units.map((unit) => ({ ...keys.unit(unit.id), type: 'Unit', gsi1pk: keys.childrenIndex(parentOn(unit, null)), gsi1sk: unit.id, ...unit })),
    ...members.map((m) => ({ ...keys.membership(m.ancestorId, m.schoolId), type: 'Membership', ...m })),
  ];
  await batchWriteAll(
    tableName,
    items.map((Item) => ({ PutRequest: { Item } })),
  );
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.treeRevision(),
      UpdateExpression: 'ADD #rev :one',
      ExpressionAttributeNames: { '#rev': 'rev' },
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
};

/** Schools below a unit in a period. */
export const listMembers = async (tableName: string, unitId: string, period: string): Promise<{ id: string; name: string }[]> =>
  (await queryAll({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `MEMBERS#${unitId}` } }))
    .filter((item) => (item.periods as string[]).includes(period))
    .map((item) => ({ id: item.schoolId as string, name: item.schoolName as string }));

export const getSubmissionVersion = async (tableName: string, schoolId: string, period: string, version: number): Promise<SubmissionVersion | undefined> => {
  const answer = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: keys.submissionVersion(schoolId, period, version), ConsistentRead: true }),
  );
  return answer.Item ? SubmissionVersionSchema.parse(answer.Item) : undefined;
};

/**
 * The head of (school, period): the latest version (draft or not), the latest final version (the
 * one the rollup applies) and the first final version (its lateness counts). Heads written before
 * drafts existed have only `latestVersion`, and every version then was final.
 */
export interface SubmissionHead {
  latestVersion: number;
  latestFinal: number;
  firstFinal: number;
}

const headOf = (item: Record<string, unknown> | undefined): SubmissionHead => {
  const latestVersion = typeof item?.latestVersion === 'number' ? item.latestVersion : 0;
  const latestFinal = typeof item?.latestFinal === 'number' ? item.latestFinal : latestVersion;
  const firstFinal = typeof item?.firstFinal === 'number' ? item.firstFinal : latestFinal > 0 ? 1 : 0;
  return { latestVersion, latestFinal, firstFinal };
};

export const getHead = async (tableName: string, schoolId: string, period: string): Promise<SubmissionHead> => {
  const answer = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.submissionHead(schoolId, period), ConsistentRead: true }));
  return headOf(answer.Item);
};

/** The map key of an item in `batchGet`'s answer. */
export const itemKey = (key: { pk: string; sk: string }): string => `${key.pk}|${key.sk}`;

/** Items by key in as few BatchGetItem calls as possible (100 keys a call), strongly consistent unless asked; by `itemKey`. */
export const batchGet = async (
  tableName: string,
  wanted: readonly { pk: string; sk: string }[],
  consistent = true,
): Promise<Map<string, Record<string, unknown>>> => {
  const found = new Map<string, Record<string, unknown>>();
  const unique = [...new Map(wanted.map((k) => [itemKey(k), k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    const left = await drain(
      unique.slice(i, i + 100).map((k): Record<string, unknown> => ({ pk: k.pk, sk: k.sk })),
      async (pending) => {
        const answer = await documentClient.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: [...pending], ConsistentRead: consistent } } }));
        for (const item of answer.Responses?.[tableName] ?? []) found.set(itemKey(item as { pk: string; sk: string }), item);
        return answer.UnprocessedKeys?.[tableName]?.Keys ?? [];
      },
      UNPROCESSED_BACKOFF,
    );
    if (left.length > 0) throw new Error('DynamoDB kept unprocessed reads');
  }
  return found;
};

/** The heads of several (school, period) at once: one read request per 100. */
export const getHeads = async (tableName: string, refs: readonly { schoolId: string; period: string }[]): Promise<SubmissionHead[]> => {
  const items = await batchGet(
    tableName,
    refs.map((r) => keys.submissionHead(r.schoolId, r.period)),
  );
  return refs.map((r) => headOf(items.get(itemKey(keys.submissionHead(r.schoolId, r.period)))));
};

/** Several stored versions at once (version 0 stands for none): one read request per 100. */
export const getVersions = async (
  tableName: string,
  refs: readonly { schoolId: string; period: string; version: number }[],
): Promise<(SubmissionVersion | undefined)[]> => {
  const wanted = refs.filter((r) => r.version > 0).map((r) => keys.submissionVersion(r.schoolId, r.period, r.version));
  const items = wanted.length > 0 ? await batchGet(tableName, wanted) : new Map<string, Record<string, unknown>>();
  return refs.map((r) => {
    if (r.version <= 0) return undefined;
    const item = items.get(itemKey(keys.submissionVersion(r.schoolId, r.period, r.version)));
    return item ? SubmissionVersionSchema.parse(item) : undefined;
  });
};

export const getLatestVersionNumber = async (tableName: string, schoolId: string, period: string): Promise<number> =>
  (await getHead(tableName, schoolId, period)).latestVersion;

/** Every stored version of a school's submission for a period, oldest first. */
export const listVersions = async (tableName: string, schoolId: string, period: string): Promise<SubmissionVersion[]> =>
  (
    await queryAll({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': keys.submissionHead(schoolId, period).pk, ':v': 'V#' },
      ConsistentRead: true,
    })
  ).map((item) => SubmissionVersionSchema.parse(item));

/** The latest version, draft or not (what a correction or the form's prefill starts from). */
export const getLatestVersion = async (tableName: string, schoolId: string, period: string): Promise<SubmissionVersion | undefined> => {
  const latest = await getLatestVersionNumber(tableName, schoolId, period);
  return latest > 0 ? getSubmissionVersion(tableName, schoolId, period, latest) : undefined;
};

/** The latest final (non-draft) version: what counts as the school's report. */
export const getLatestFinalVersion = async (tableName: string, schoolId: string, period: string): Promise<SubmissionVersion | undefined> => {
  const { latestFinal } = await getHead(tableName, schoolId, period);
  return latestFinal > 0 ? getSubmissionVersion(tableName, schoolId, period, latestFinal) : undefined;
};

export interface AggregateItem {
  unitId: string;
  period: string;
  sums: Values;
  /** Schools whose figures are in the aggregate. */
  submittedSchools: string[];
  /** Those of them whose first version came after the due date. */
  lateSchools: string[];
  /** Sums per group (ownership): group → code → sum. */
  groups: Record<string, Values>;
  submitted: number;
  onTime: number;
  late: number;
  updatedAt: string | null;
}

/** Read the sums out of an aggregate item's `v_<code>` and `v_<code>@<group>` attributes. */
export const aggregateFromItem = (unitId: string, period: string, item: Record<string, unknown>): AggregateItem => {
  const sums: Values = {};
  const groups: Record<string, Values> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!name.startsWith(VALUE_PREFIX) || typeof value !== 'number') continue;
    const [code = '', group] = name.slice(VALUE_PREFIX.length).split(GROUP_SEPARATOR);
    if (group === undefined) sums[code] = value;
    else {
      groups[group] ??= {};
      groups[group][code] = value;
    }
  }
  const count = (name: string): number => (typeof item[name] === 'number' ? (item[name] as number) : 0);
  const submittedSchools = item.submittedSchools instanceof Set ? [...(item.submittedSchools as Set<string>)] : [];
  const lateSchools = item.lateSchools instanceof Set ? [...(item.lateSchools as Set<string>)] : [];
  return {
    submittedSchools,
    lateSchools,
    unitId,
    period,
    sums,
    groups,
    submitted: count('submitted'),
    onTime: count('onTime'),
    late: count('late'),
    updatedAt: typeof item.updatedAt === 'string' ? item.updatedAt : null,
  };
};

/**
 * Read an aggregate: every shard, summed (a unit whose shard count changed still reads whole).
 * `also` names other items of the same request (the evaluation reads its state with the shards),
 * returned apart.
 */
export const getAggregate = async (
  tableName: string,
  unitId: string,
  period: string,
  consistent = false,
  also: readonly { pk: string; sk: string }[] = [],
): Promise<AggregateItem & { also: Record<string, unknown>[] }> => {
  const shardKeys = Array.from({ length: MAX_SHARDS }, (_, shard) => keys.aggregate(unitId, period, shard));
  const found = await batchGet(tableName, [...shardKeys, ...also], consistent);
  const others = also.flatMap((k): Record<string, unknown>[] => {
    const item = found.get(itemKey(k));
    return item ? [item] : [];
  });
  const shards = shardKeys.flatMap((k) => {
    const item = found.get(itemKey(k));
    return item ? [aggregateFromItem(unitId, period, item)] : [];
  });
  const total: AggregateItem = {
    unitId,
    period,
    sums: {},
    groups: {},
    submittedSchools: [],
    lateSchools: [],
    submitted: 0,
    onTime: 0,
    late: 0,
    updatedAt: null,
  };
  for (const shard of shards) {
    addInto(total.sums, shard.sums);
    for (const [group, sums] of Object.entries(shard.groups)) {
      total.groups[group] ??= {};
      addInto(total.groups[group], sums);
    }
    total.submittedSchools.push(...shard.submittedSchools);
    total.lateSchools.push(...shard.lateSchools);
    total.submitted += shard.submitted;
    total.onTime += shard.onTime;
    total.late += shard.late;
    if (shard.updatedAt && (!total.updatedAt || shard.updatedAt > total.updatedAt)) total.updatedAt = shard.updatedAt;
  }
  return { ...total, also: others };
};
