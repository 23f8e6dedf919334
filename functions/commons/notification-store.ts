/** Reading the notifications of a recipient (the reminder function writes them). */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './clients.ts';
import { keys } from './keys.ts';

/** A recipient's notifications, newest first. */
export const listNotifications = async (tableName: string, recipientId: string): Promise<Record<string, unknown>[]> => {
  const answer = await documentClient.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.notification(recipientId, '').pk } }),
  );
  return (answer.Items ?? []).map(({ pk: _pk, sk: _sk, type: _type, ...rest }) => rest).sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
};
