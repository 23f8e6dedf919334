/** Reading approvals: the current decision, the audit log and unlock requests of a (unit, period). */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ApprovalDecision,
  ApprovalDecisionSchema,
  type ApprovalState,
  ApprovalStateSchema,
  type UnlockRequestItem,
  UnlockRequestItemSchema,
} from '../../schemas/approval.ts';
import type { Values } from '../../schemas/submission.ts';
import { documentClient } from './clients.ts';
import { keys } from './keys.ts';
import { type AggregateItem, aggregateFromItem, batchGet as batchGetByKey, queryAll } from './store.ts';

export interface ApprovalRecord {
  state: ApprovalState | undefined;
  /** Every decision, oldest first. */
  decisions: ApprovalDecision[];
  unlocks: UnlockRequestItem[];
}

/** Everything about a (unit, period) in one strongly consistent query. */
export const readApproval = async (tableName: string, unitId: string, period: string): Promise<ApprovalRecord> => {
  const items = await queryAll({
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.approval(unitId, period).pk },
    ConsistentRead: true,
  });
  const record: ApprovalRecord = { state: undefined, decisions: [], unlocks: [] };
  for (const item of items) {
    if (item.sk === 'STATE') record.state = ApprovalStateSchema.parse(item);
    else if (String(item.sk).startsWith('LOG#')) record.decisions.push(ApprovalDecisionSchema.parse(item));
    else if (String(item.sk).startsWith('UNLOCK#')) record.unlocks.push(UnlockRequestItemSchema.parse(item));
  }
  record.unlocks.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  return record;
};

export const getApprovalState = async (tableName: string, unitId: string, period: string): Promise<ApprovalState | undefined> => {
  const answer = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.approval(unitId, period), ConsistentRead: true }));
  return answer.Item ? ApprovalStateSchema.parse(answer.Item) : undefined;
};

/** The state items of many units (and, for schools, their heads), in as few requests as possible. */
export const batchGet = async (tableName: string, wanted: readonly { pk: string; sk: string }[]): Promise<Record<string, unknown>[]> => [
  ...(await batchGetByKey(tableName, wanted)).values(),
];

/** The approved version of a school's report (its figures as approved), if it is approved. */
export const getApprovedVersion = async (
  tableName: string,
  schoolId: string,
  period: string,
): Promise<{ values: Values; late: boolean; submittedAt: string } | undefined> => {
  const state = await getApprovalState(tableName, schoolId, period);
  if (state?.decision !== 'approved' || !state.version) return undefined;
  return { values: state.values ?? {}, late: state.late ?? false, submittedAt: state.decidedAt ?? '' };
};

/** Sums of the approved reports below a unit (one item: approvals are few and human-paced). */
export const getApprovedAggregate = async (tableName: string, unitId: string, period: string): Promise<AggregateItem> => {
  const answer = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.approvedAggregate(unitId, period) }));
  return aggregateFromItem(unitId, period, answer.Item ?? {});
};
