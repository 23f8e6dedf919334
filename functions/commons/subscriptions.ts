/**
 * Email subscriptions of leaders to a unit, and the opt-outs of units' contact addresses. A
 * subscription with `daily-digest` is also listed in one index partition, which the 17:00 digest reads.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { toVietnamIso } from '../../domain/vietnam-time.ts';
import { type NotificationKind, type Subscription, type SubscriptionBody, SubscriptionSchema } from '../../schemas/notify.ts';
import { documentClient } from './clients.ts';
import { keys } from './keys.ts';
import { queryAll } from './store.ts';

const strip = ({ pk: _pk, sk: _sk, type: _type, ...rest }: Record<string, unknown>): Subscription => SubscriptionSchema.parse(rest);

export const createSubscription = async (tableName: string, unitId: string, body: SubscriptionBody, createdBy: string, now: Date): Promise<Subscription> => {
  const subscription: Subscription = { id: randomUUID(), unitId, ...body, createdAt: toVietnamIso(now), createdBy };
  const put = { TableName: tableName, Item: { ...keys.subscription(unitId, subscription.id), type: 'Subscription', ...subscription } };
  if (!subscription.kinds.includes('daily-digest')) {
    await documentClient.send(new PutCommand(put));
  } else {
    const index = { TableName: tableName, Item: { ...keys.digestSubscriber(unitId, subscription.id), type: 'DigestSubscriber', unitId, id: subscription.id } };
    await documentClient.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, { Put: index }] }));
  }
  return subscription;
};

export const listSubscriptions = async (tableName: string, unitId: string): Promise<Subscription[]> =>
  (await queryAll({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.subscription(unitId, '').pk } }))
    .map(strip)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));

export const getSubscription = async (tableName: string, unitId: string, id: string): Promise<Subscription | undefined> => {
  const answer = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.subscription(unitId, id), ConsistentRead: true }));
  return answer.Item ? strip(answer.Item) : undefined;
};

/** Remove a subscription (and its digest index entry); true when it existed. */
export const deleteSubscription = async (tableName: string, unitId: string, id: string): Promise<boolean> => {
  const answer = await documentClient.send(new DeleteCommand({ TableName: tableName, Key: keys.subscription(unitId, id), ReturnValues: 'ALL_OLD' }));
  await documentClient.send(new DeleteCommand({ TableName: tableName, Key: keys.digestSubscriber(unitId, id) }));
  return answer.Attributes !== undefined;
};

/**
 * Who wants to hear about `kind` at `unitId`: the unit's own subscriptions, and those of its
 * ancestors with scope `subtree`.
 */
export const subscribersFor = async (tableName: string, unitId: string, ancestors: readonly string[], kind: NotificationKind): Promise<Subscription[]> => {
  const lists = await Promise.all([unitId, ...ancestors].map(async (id) => ({ id, subscriptions: await listSubscriptions(tableName, id) })));
  return lists.flatMap(({ id, subscriptions }) => subscriptions.filter((s) => s.kinds.includes(kind) && (id === unitId || s.scope === 'subtree')));
};

/** Every subscription that chose the daily digest. */
export const digestSubscriptions = async (tableName: string): Promise<Subscription[]> => {
  const index = await queryAll({
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.digestSubscriber('', '').pk },
  });
  const found = await Promise.all(index.map((entry) => getSubscription(tableName, String(entry.unitId), String(entry.id))));
  return found.filter((s): s is Subscription => s !== undefined);
};

/** A unit's contact address asked for no more email about that unit. */
export const optOut = async (tableName: string, email: string, unitId: string, now: Date): Promise<void> => {
  await documentClient.send(
    new PutCommand({ TableName: tableName, Item: { ...keys.optOut(email, unitId), type: 'OptOut', email, unitId, at: toVietnamIso(now) } }),
  );
};

export const hasOptedOut = async (tableName: string, email: string, unitId: string): Promise<boolean> => {
  const answer = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.optOut(email, unitId), ConsistentRead: true }));
  return answer.Item !== undefined;
};
