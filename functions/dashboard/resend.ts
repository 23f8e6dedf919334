/**
 * "Gửi lại đường dẫn": a leader sends a school its form link again from the dashboard. Each resend
 * is recorded (who, when) and shown next to the school; the email goes through the mail module.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { toVietnamIso } from '../../domain/vietnam-time.ts';
import type { TokenClaims } from '../../schemas/auth.ts';
import { documentClient } from '../commons/clients.ts';
import { keys } from '../commons/keys.ts';
import { queryAll } from '../commons/store.ts';

export interface Resend {
  schoolId: string;
  period: string;
  by: string;
  byUnit: string;
  at: string;
  /** The school's address the link went to; absent when the school has none on file. */
  emailedTo?: string;
}

export const recordResend = async (
  tableName: string,
  claims: TokenClaims,
  schoolId: string,
  period: string,
  now: Date,
  emailedTo: string | undefined,
): Promise<Resend> => {
  const resend: Resend = { schoolId, period, by: claims.sub, byUnit: claims.unit, at: toVietnamIso(now), ...(emailedTo ? { emailedTo } : {}) };
  await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...keys.linkResend(period, schoolId, resend.at), type: 'LinkResend', ...resend } }));
  return resend;
};

/** The latest resend of each school in a period (resends are rare: one small partition per period). */
export const latestResends = async (tableName: string, period: string): Promise<Map<string, Resend>> => {
  const items = await queryAll({
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.linkResend(period, '', '').pk },
  });
  const latest = new Map<string, Resend>();
  for (const item of items) {
    const resend = item as unknown as Resend;
    const seen = latest.get(resend.schoolId);
    if (!seen || seen.at < resend.at) latest.set(resend.schoolId, resend);
  }
  return latest;
};
