/** Accepting a school submission: validation, authorisation, idempotency and the versioned write. */
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import vi from 'zod/v4/locales/vi.js';
import { dueDateFor, previousPeriod } from '../../domain/periods.ts';
import { softWarnings, type ValidationIssue, validateValues, withDerivedTotals } from '../../domain/validation.ts';
import type { TokenClaims } from '../../schemas/auth.ts';
import type { Catalog } from '../../schemas/catalog.ts';
import { SubmissionRequestSchema, type SubmissionVersion } from '../../schemas/submission.ts';
import { isSchool } from '../../schemas/unit.ts';
import { documentClient } from '../commons/clients.ts';
import { HttpError, type HttpIssue } from '../commons/http.ts';
import { keys } from '../commons/keys.ts';
import { getLatestVersion, getLatestVersionNumber, getUnit, isTransientDynamoError } from '../commons/store.ts';
import { toVietnamIso, vietnamDate } from '../commons/time.ts';

// Only the Vietnamese locale: `z.locales` would bundle (and load) all of them.
z.config(vi());

export interface AcceptInput {
  tableName: string;
  catalog: Catalog;
  claims: TokenClaims;
  body: unknown;
  source: SubmissionVersion['source'];
  now: Date;
  /** The form asks the user to confirm soft warnings before anything is stored. */
  confirmWarnings?: 'required' | 'confirmed';
}

/** Soft warnings the user has not confirmed yet: nothing was stored. */
export class NeedsConfirmation extends Error {
  constructor(readonly warnings: ValidationIssue[]) {
    super('Soft warnings need confirmation');
    this.name = 'NeedsConfirmation';
  }
}

const invalid = (issues: HttpIssue[]): HttpError => new HttpError(400, 'Dữ liệu báo cáo không hợp lệ', issues);

/** The answer to an accepted submission (also what an idempotent retry gets back). */
export interface AcceptedSubmission {
  submissionId: string;
  version: number;
  submittedAt: string;
  dueOn: string;
  late: boolean;
  warnings: ValidationIssue[];
}

export const acceptSubmission = async (input: AcceptInput): Promise<AcceptedSubmission> => {
  const { tableName, catalog, claims } = input;
  const parsed = SubmissionRequestSchema.safeParse(input.body ?? {});
  if (!parsed.success) {
    const issues: HttpIssue[] = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code, message: issue.message }));
    // Report the catalog problems of the well-typed values too, so every problem is listed at once.
    const values = (input.body as { values?: unknown } | undefined)?.values;
    if (values && typeof values === 'object') {
      const numeric = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'number' && Number.isInteger(v) && v >= 0)) as Record<
        string,
        number
      >;
      const unit =
        typeof (input.body as { unitId?: unknown }).unitId === 'string' ? await getUnit(tableName, (input.body as { unitId: string }).unitId) : undefined;
      if (unit?.levels) issues.push(...validateValues(catalog, unit.levels, numeric));
    }
    throw invalid(issues);
  }
  const request = parsed.data;
  if (claims.role !== 'school' || claims.unit !== request.unitId) {
    throw new HttpError(403, 'Chỉ trường được báo cáo cho chính trường mình');
  }
  const unit = await getUnit(tableName, request.unitId);
  if (!unit?.levels || !isSchool(unit)) {
    throw invalid([{ path: 'unitId', code: 'not_a_school', message: `Đơn vị "${request.unitId}" không phải là trường học` }]);
  }
  const period = catalog.periods.find((p) => p.id === request.period);
  if (!period) {
    throw invalid([{ path: 'period', code: 'unknown_period', message: `Kỳ báo cáo "${request.period}" không tồn tại` }]);
  }
  if (vietnamDate(input.now) < period.opensOn) {
    throw invalid([{ path: 'period', code: 'period_not_open', message: `Kỳ báo cáo "${period.label}" chưa mở (mở từ ${period.opensOn})` }]);
  }
  const placement = unit.periods[period.id];
  if (!placement) {
    throw invalid([{ path: 'unitId', code: 'school_not_open', message: `Trường không hoạt động trong kỳ "${period.label}"` }]);
  }
  const issues = validateValues(catalog, unit.levels, request.values);
  if (issues.length > 0) throw invalid(issues);

  if (request.idempotencyKey) {
    const previous = await readIdempotent(tableName, request.unitId, request.idempotencyKey);
    if (previous) return previous;
  }
  const values = withDerivedTotals(catalog, request.values);
  const before = previousPeriod(catalog, period.id);
  const previousValues = before ? (await getLatestVersion(tableName, unit.id, before.id))?.values : undefined;
  const dueOn = dueDateFor(period, [...placement.ancestors, unit.id]);
  const warnings = softWarnings(catalog, values, previousValues);
  if (warnings.length > 0 && input.confirmWarnings === 'required') throw new NeedsConfirmation(warnings);
  return writeVersion(input, request.unitId, request.period, values, request.idempotencyKey, {
    dueOn,
    late: vietnamDate(input.now) > dueOn,
    warnings,
  });
};

const readIdempotent = async (tableName: string, schoolId: string, key: string): Promise<AcceptedSubmission | undefined> => {
  const answer = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.idempotency(schoolId, key), ConsistentRead: true }));
  return answer.Item ? (answer.Item.response as AcceptedSubmission) : undefined;
};

/**
 * Store version n+1 in one transaction with the head counter and the idempotency record, so a
 * version exists exactly when its event will (the stream publishes it).
 */
const writeVersion = async (
  input: AcceptInput,
  schoolId: string,
  period: string,
  values: Record<string, number>,
  idempotencyKey: string | undefined,
  status: Pick<AcceptedSubmission, 'dueOn' | 'late' | 'warnings'>,
): Promise<AcceptedSubmission> => {
  const { tableName } = input;
  for (let attempt = 0; attempt < 8; attempt++) {
    const current = await getLatestVersionNumber(tableName, schoolId, period);
    const version = current + 1;
    const item: SubmissionVersion = {
      submissionId: randomUUID(),
      schoolId,
      period,
      version,
      values,
      submittedBy: input.claims.sub,
      submittedAt: toVietnamIso(input.now),
      source: input.source,
      dueOn: status.dueOn,
      late: status.late,
    };
    const response: AcceptedSubmission = { submissionId: item.submissionId, version, submittedAt: item.submittedAt, ...status };
    try {
      await documentClient.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.submissionHead(schoolId, period), type: 'SubmissionHead', latestVersion: version },
                ConditionExpression: current === 0 ? 'attribute_not_exists(pk)' : 'latestVersion = :current',
                ExpressionAttributeValues: current === 0 ? undefined : { ':current': current },
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.submissionVersion(schoolId, period, version), type: 'SubmissionVersion', ...item },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(idempotencyKey
              ? [
                  {
                    Put: {
                      TableName: tableName,
                      Item: { ...keys.idempotency(schoolId, idempotencyKey), type: 'Idempotency', response },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return response;
    } catch (error) {
      if (isTransientDynamoError(error)) {
        await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt + Math.random() * 20));
        continue;
      }
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (idempotencyKey && reasons[2]?.Code === 'ConditionalCheckFailed') {
        const previous = await readIdempotent(tableName, schoolId, idempotencyKey);
        if (previous) return previous;
      }
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt + Math.random() * 20));
    }
  }
  throw new HttpError(409, 'Đơn vị đang được cập nhật đồng thời, vui lòng gửi lại');
};
