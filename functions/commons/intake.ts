/**
 * The intake of a school submission, shared by the JSON API (`submit`) and the form (`form`).
 * One clear sequence of steps, each a plain function:
 *   1. shape of the body (ids, values, unknown keys)          → 400
 *   2. who may submit                                          → 403
 *   3. the school, the period, the school's place in it        → 400
 *   4. idempotency: the same key replays, another body is 409  → 202 (replay) / 409
 *   5. the values against the catalog (merge, rules, required) → 400
 *   6. soft warnings (the form asks to confirm them)
 *   7. approval and locks: an approved report, a locked period      → 409 (functions/commons/locks.ts; checked before 5)
 *   8. the versioned write (version + head + idempotency record, one transaction)
 */
import { createHash, randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import vi from 'zod/v4/locales/vi.js';
import { dueDateFor, previousPeriod } from '../../domain/periods.ts';
import { checkSubmission, softWarnings, type ValidationIssue } from '../../domain/validation.ts';
import { toVietnamIso, vietnamDate } from '../../domain/vietnam-time.ts';
import type { TokenClaims } from '../../schemas/auth.ts';
import type { Catalog, Period } from '../../schemas/catalog.ts';
import { type SubmissionRequest, SubmissionRequestSchema, type SubmissionVersion, type Values } from '../../schemas/submission.ts';
import { isSchool, type UnitItem } from '../../schemas/unit.ts';
import { documentClient } from './clients.ts';
import { HttpError, type HttpIssue } from './http.ts';
import { keys } from './keys.ts';
import { assertSubmissionOpen } from './locks.ts';
import { correlateWith, logger } from './logger.ts';
import { countSubmissionAccepted } from './observability.ts';
import { isTransientDynamoError, withRetry } from './retry.ts';
import { getHeads, getLatestVersion, getUnit, getVersions, type SubmissionHead } from './store.ts';

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
  /** Present (true) for a draft. */
  draft?: true;
}

/**
 * Step 1: the body's shape. Keys of `values` are checked on the raw object, so `__proto__` or
 * `constructor` cannot slip through. When only some values are badly typed, the well-typed rest
 * is returned too, so that its catalog problems can be listed in the same answer.
 */
export const parseRequest = (
  catalog: Catalog,
  body: unknown,
): { request: SubmissionRequest; issues: [] } | { request: undefined; issues: HttpIssue[]; rest?: SubmissionRequest } => {
  const issues: HttpIssue[] = [];
  const rawValues = (body as { values?: unknown } | null | undefined)?.values;
  const isObject = rawValues !== null && typeof rawValues === 'object' && !Array.isArray(rawValues);
  const known = new Set(catalog.indicators.map((indicator) => indicator.code));
  if (isObject) {
    for (const key of Object.keys(rawValues)) {
      if (!known.has(key)) issues.push({ path: `values.${key}`, code: 'unknown_indicator', message: `Chỉ tiêu "${key}" không có trong danh mục` });
    }
  }
  const parsed = SubmissionRequestSchema.safeParse(body ?? {});
  if (parsed.success && issues.length === 0) return { request: parsed.data, issues: [] };
  if (!parsed.success) issues.push(...parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code, message: issue.message })));
  // The well-typed part, when only values were at fault.
  if (isObject && issues.every((issue) => issue.path.startsWith('values.'))) {
    const values = Object.fromEntries(
      Object.entries(rawValues).filter(([key, v]) => known.has(key) && (v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0))),
    ) as Record<string, number | null>;
    const rest = SubmissionRequestSchema.safeParse({ ...(body as object), values });
    if (rest.success) return { request: undefined, issues, rest: rest.data };
  }
  return { request: undefined, issues };
};

/** Step 2: only a school, for itself. */
export const assertMaySubmit = (claims: TokenClaims, request: SubmissionRequest): void => {
  if (claims.role !== 'school' || claims.unit !== request.unitId) throw new HttpError(403, 'Chỉ trường được báo cáo cho chính trường mình');
};

/** Step 3: the school, the period (open), and where the school sits in it. */
export const resolvePlacement = async (tableName: string, catalog: Catalog, request: SubmissionRequest, now: Date) => {
  const unit = await getUnit(tableName, request.unitId);
  if (!unit?.levels || !isSchool(unit)) {
    throw invalid([{ path: 'unitId', code: 'not_a_school', message: `Đơn vị "${request.unitId}" không phải là trường học` }]);
  }
  const period = catalog.periods.find((p) => p.id === request.period);
  if (!period) throw invalid([{ path: 'period', code: 'unknown_period', message: `Kỳ báo cáo "${request.period}" không tồn tại` }]);
  if (vietnamDate(now) < period.opensOn) {
    throw invalid([{ path: 'period', code: 'period_not_open', message: `Kỳ báo cáo "${period.label}" chưa mở (mở từ ${period.opensOn})` }]);
  }
  const placement = unit.periods[period.id];
  if (!placement) throw invalid([{ path: 'unitId', code: 'school_not_open', message: `Trường không hoạt động trong kỳ "${period.label}"` }]);
  return { unit: unit as UnitItem & { levels: NonNullable<UnitItem['levels']> }, period, placement };
};

/** The hash an idempotency key is bound to: the request without its key, values in a stable order. */
export const requestHash = (request: SubmissionRequest): string =>
  createHash('sha256')
    .update(
      JSON.stringify({
        unitId: request.unitId,
        period: request.period,
        draft: request.draft === true,
        values: Object.entries(request.values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      }),
    )
    .digest('hex');

const KEY_REUSED = 'Khóa chống gửi trùng (idempotencyKey) này đã được dùng cho một báo cáo khác; hãy dùng một khóa mới cho mỗi báo cáo';

/** Step 4: a retry with the same key and body gets the first answer; the same key with another body gets 409. */
const replayIdempotent = async (tableName: string, schoolId: string, key: string, hash: string): Promise<AcceptedSubmission | undefined> => {
  const answer = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.idempotency(schoolId, key), ConsistentRead: true }));
  if (!answer.Item) return undefined;
  if (typeof answer.Item.requestHash === 'string' && answer.Item.requestHash !== hash) {
    throw new HttpError(409, KEY_REUSED, [{ path: 'idempotencyKey', code: 'idempotency_key_reused', message: KEY_REUSED }]);
  }
  return answer.Item.response as AcceptedSubmission;
};

export const acceptSubmission = async (input: AcceptInput): Promise<AcceptedSubmission> => {
  const { tableName, catalog, claims, now } = input;
  const parsed = parseRequest(catalog, input.body);
  if (!parsed.request) {
    // Every hard error in one answer: the catalog's problems of the well-typed values too.
    const rest = parsed.rest;
    if (rest && claims.role === 'school' && claims.unit === rest.unitId) {
      const context = await resolvePlacement(tableName, catalog, rest, now).catch(() => undefined);
      if (context) {
        const latest = await getLatestVersion(tableName, context.unit.id, context.period.id);
        const check = checkSubmission(catalog, {
          levels: context.unit.levels,
          period: context.period,
          body: rest.values,
          previous: latest?.values,
          draft: rest.draft === true,
        });
        const bad = new Set(parsed.issues.map((issue) => issue.path));
        parsed.issues.push(...check.issues.filter((issue) => !bad.has(issue.path) && issue.code !== 'empty_values'));
      }
    }
    throw invalid(parsed.issues);
  }
  const request = parsed.request;
  assertMaySubmit(claims, request);
  const { unit, period, placement } = await resolvePlacement(tableName, catalog, request, now);
  const hash = requestHash(request);
  if (request.idempotencyKey) {
    const previous = await replayIdempotent(tableName, unit.id, request.idempotencyKey, hash);
    if (previous) return previous;
  }
  // Step 7, once, before the values are checked: an approved report or a locked period gets 409.
  await assertSubmissionOpen({ tableName, claims, schoolId: unit.id, period, ancestors: placement.ancestors, now });
  const draft = request.draft === true;
  const dueOn = dueDateFor(period, [...placement.ancestors, unit.id]);
  const status = { dueOn, late: vietnamDate(now) > dueOn };
  // A lost race (another version landed meanwhile) restarts from step 5 on the new latest version.
  return withRetry(
    async () => {
      const { head, latest, previousFinal } = await readHistory(tableName, catalog, unit.id, period);
      const { issues, values } = checkSubmission(catalog, { levels: unit.levels, period, body: request.values, previous: latest?.values, draft });
      if (issues.length > 0) throw invalid(issues);
      const warnings = softWarnings(catalog, values, previousFinal?.values);
      if (!draft && warnings.length > 0 && input.confirmWarnings === 'required') throw new NeedsConfirmation(warnings);
      return writeVersion(input, { schoolId: unit.id, period: period.id, values, draft, idempotencyKey: request.idempotencyKey, hash }, head, {
        ...status,
        warnings,
      });
    },
    {
      attempts: 8,
      baseMs: 10,
      jitterMs: 20,
      retryOn: (error) => error instanceof LostRace || isTransientDynamoError(error),
      exhausted: () => new HttpError(409, 'Đơn vị đang được cập nhật đồng thời, vui lòng gửi lại'),
    },
  );
};

/** Another version was written between our read of the head and our write. */
class LostRace extends Error {
  constructor() {
    super('submission head moved');
    this.name = 'LostRace';
  }
}

/**
 * Steps 5 and 6 read what they need in two read requests: the heads of this period and of the
 * previous one together, then this period's latest version (what a correction patches) and the
 * previous period's latest final version (what the soft warnings compare with) together.
 */
const readHistory = async (tableName: string, catalog: Catalog, schoolId: string, period: Period) => {
  const before = previousPeriod(catalog, period.id);
  const [head = { latestVersion: 0, latestFinal: 0, firstFinal: 0 }, previousHead] = await getHeads(tableName, [
    { schoolId, period: period.id },
    ...(before ? [{ schoolId, period: before.id }] : []),
  ]);
  const [latest, previousFinal] =
    head.latestVersion > 0 || (previousHead?.latestFinal ?? 0) > 0
      ? await getVersions(tableName, [
          { schoolId, period: period.id, version: head.latestVersion },
          { schoolId, period: before?.id ?? period.id, version: previousHead?.latestFinal ?? 0 },
        ])
      : [undefined, undefined];
  return { head, latest, previousFinal };
};

interface VersionToWrite {
  schoolId: string;
  period: string;
  values: Values;
  draft: boolean;
  idempotencyKey: string | undefined;
  hash: string;
}

/**
 * Step 8: store version n+1 in one transaction with the head and the idempotency record, so a
 * version exists exactly when its event will (the stream publishes it). The head keeps the latest
 * final version apart from drafts: the rollup applies only final versions.
 */
const writeVersion = async (
  input: AcceptInput,
  write: VersionToWrite,
  head: SubmissionHead,
  status: Pick<AcceptedSubmission, 'dueOn' | 'late' | 'warnings'>,
): Promise<AcceptedSubmission> => {
  const { tableName } = input;
  const { schoolId, period, values, draft, idempotencyKey, hash } = write;
  const current = head.latestVersion;
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
    ...(input.claims.import ? { imported: true } : {}),
    dueOn: status.dueOn,
    late: status.late,
    ...(draft ? { draft: true } : {}),
  };
  const response: AcceptedSubmission = {
    submissionId: item.submissionId,
    version,
    submittedAt: item.submittedAt,
    ...status,
    ...(draft ? { draft: true } : {}),
  };
  const nextHead: SubmissionHead = draft
    ? { ...head, latestVersion: version }
    : { latestVersion: version, latestFinal: version, firstFinal: head.firstFinal > 0 ? head.firstFinal : version };
  const command = new TransactWriteCommand({
    TransactItems: [
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.submissionHead(schoolId, period), type: 'SubmissionHead', ...nextHead },
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
                Item: { ...keys.idempotency(schoolId, idempotencyKey), type: 'Idempotency', response, requestHash: hash },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ]
        : []),
    ],
  });
  try {
    await documentClient.send(command);
    correlateWith(response.submissionId);
    if (!draft) countSubmissionAccepted();
    logger.info('submission accepted', { schoolId, period, version, source: item.source, draft: Boolean(draft) });
    return response;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    if (idempotencyKey && reasons[2]?.Code === 'ConditionalCheckFailed') {
      const previous = await replayIdempotent(tableName, schoolId, idempotencyKey, hash);
      if (previous) return previous;
    }
    throw new LostRace();
  }
};
