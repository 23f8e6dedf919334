/**
 * Reviews, unit approvals, status and unlock requests. Each decision is one transaction: the
 * (unit, period) state moves from revision r to r+1 (conditioned on r), the decision is appended
 * to the audit log (its stream record becomes the event), and what depends on it moves with it:
 * the approved-figures aggregates of the ancestors, the school's notification, the unlock request.
 * The rules themselves are in domain/approval.ts.
 */
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  type ApprovalStatus,
  type ChildStatus,
  grantExpiry,
  hasActiveGrant,
  isLeaderAbove,
  lockDateFor,
  NOT_ABOVE,
  type Outcome,
  type Refusal,
  reviewOutcome,
  schoolStatus,
  unitOutcome,
  unitStatus,
} from '../../domain/approval.ts';
import { rollupValues } from '../../domain/rollup.ts';
import { toVietnamIso, vietnamDate } from '../../domain/vietnam-time.ts';
import {
  type ApprovalDecision,
  type ApprovalState,
  ReviewRequestSchema,
  UnitApprovalRequestSchema,
  UnlockDecisionSchema,
  UnlockRequestSchema,
} from '../../schemas/approval.ts';
import type { TokenClaims } from '../../schemas/auth.ts';
import type { Catalog, Period } from '../../schemas/catalog.ts';
import type { Values } from '../../schemas/submission.ts';
import { isSchool, type UnitItem } from '../../schemas/unit.ts';
import { batchGet, getApprovalState, readApproval } from '../commons/approval-store.ts';
import { assertCanRead, signToken } from '../commons/auth.ts';
import { documentClient } from '../commons/clients.ts';
import { HttpError, type HttpIssue } from '../commons/http.ts';
import { GROUP_SEPARATOR, keys, VALUE_PREFIX } from '../commons/keys.ts';
import { isTransientDynamoError, withRetry } from '../commons/retry.ts';
import { getAggregate, getHead, getSubmissionVersion, getUnit, listChildren } from '../commons/store.ts';

export interface ApprovalContext {
  tableName: string;
  catalog: Catalog;
  publicUrl: string;
  signingKey: () => Promise<Uint8Array>;
  now: () => Date;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Children checked inside the approval transaction (DynamoDB takes 100 items a transaction). */
const MAX_CHECKED_CHILDREN = 95;

const fail = (refusal: Refusal, path = 'decision'): HttpError =>
  new HttpError(refusal.status, refusal.message, [{ path, code: refusal.code, message: refusal.message }]);

const parseBody = <T>(
  schema: {
    safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; code: string; message: string }[] } };
  },
  body: unknown,
): T => {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issues: HttpIssue[] = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), code: issue.code, message: issue.message }));
  throw new HttpError(400, 'Dữ liệu gửi lên không hợp lệ', issues);
};

interface Subject {
  unit: UnitItem;
  period: Period;
  /** Ancestors in the period, root first. */
  ancestors: string[];
}

const subjectOf = async (ctx: ApprovalContext, unitId: string, periodId: string): Promise<Subject> => {
  const period = ctx.catalog.periods.find((p) => p.id === periodId);
  if (!period) throw new HttpError(404, `Kỳ báo cáo "${periodId}" không tồn tại`);
  const unit = /^[a-z0-9][a-z0-9-]{1,79}$/.test(unitId) ? await getUnit(ctx.tableName, unitId) : undefined;
  if (!unit) throw new HttpError(404, `Không tìm thấy đơn vị "${unitId}"`);
  const placement = unit.periods[period.id];
  if (!placement)
    throw new HttpError(409, `Đơn vị không hoạt động trong kỳ "${period.label}"`, [
      { path: 'period', code: 'unit_not_open', message: `Đơn vị không hoạt động trong kỳ "${period.label}"` },
    ]);
  return { unit, period, ancestors: placement.ancestors };
};

const assertLeaderAbove = (claims: TokenClaims, subject: Subject): void => {
  if (!isLeaderAbove(claims, subject.ancestors)) throw fail(NOT_ABOVE, '');
};

const parentApproved = async (ctx: ApprovalContext, subject: Subject): Promise<boolean> => {
  const parent = subject.ancestors.at(-1);
  return parent ? (await getApprovalState(ctx.tableName, parent, subject.period.id))?.decision === 'approved' : false;
};

/** The parent must not be approved when the transaction commits. */
const parentNotApproved = (ctx: ApprovalContext, subject: Subject): TransactItem[] => {
  const parent = subject.ancestors.at(-1);
  if (!parent) return [];
  return [
    {
      ConditionCheck: {
        TableName: ctx.tableName,
        Key: keys.approval(parent, subject.period.id),
        ConditionExpression: 'attribute_not_exists(pk) OR #decision <> :approved',
        ExpressionAttributeNames: { '#decision': 'decision' },
        ExpressionAttributeValues: { ':approved': 'approved' },
      },
    },
  ];
};

/** Children of a unit in the period (those whose parent in that period is this unit), with their status. */
export const childrenStatuses = async (ctx: ApprovalContext, unit: UnitItem, period: Period): Promise<ChildStatus[]> => {
  const children = (await listChildren(ctx.tableName, unit.id)).filter((child) => child.periods[period.id]?.ancestors.at(-1) === unit.id);
  if (children.length === 0) return [];
  const states = new Map(
    (
      await batchGet(
        ctx.tableName,
        children.map((child) => keys.approval(child.id, period.id)),
      )
    ).map((item) => [item.unitId as string, item as unknown as ApprovalState]),
  );
  const schools = children.filter(isSchool);
  const heads = new Map(
    (
      await batchGet(
        ctx.tableName,
        schools.map((school) => keys.submissionHead(school.id, period.id)),
      )
    ).map((item) => [
      String(item.pk),
      typeof item.latestFinal === 'number' ? item.latestFinal : typeof item.latestVersion === 'number' ? item.latestVersion : 0,
    ]),
  );
  const statuses = await Promise.all(
    children.map(async (child): Promise<ChildStatus> => {
      const state = states.get(child.id);
      if (isSchool(child)) {
        return { id: child.id, name: child.name, status: schoolStatus(state, heads.get(keys.submissionHead(child.id, period.id).pk) ?? 0) };
      }
      if (state?.decision === 'approved') return { id: child.id, name: child.name, status: 'approved' };
      const aggregate = await getAggregate(ctx.tableName, child.id, period.id);
      return { id: child.id, name: child.name, status: unitStatus(state, aggregate.submitted, child.periods[period.id]?.expected ?? 0) };
    }),
  );
  return statuses.sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id, 'vi'));
};

/** Move the approved-figures aggregate of one ancestor by ± a school's approved values. */
const approvedAggregateUpdate = (
  ctx: ApprovalContext,
  unitId: string,
  period: string,
  state: Pick<ApprovalState, 'values' | 'group' | 'late'>,
  schoolId: string,
  sign: 1 | -1,
  stamp: string,
): TransactItem => {
  const names: Record<string, string> = { '#updatedAt': 'updatedAt', '#unitId': 'unitId', '#period': 'period', '#type': 'type' };
  const values: Record<string, unknown> = { ':now': stamp, ':unitId': unitId, ':period': period, ':type': 'ApprovedAggregate', ':one': sign };
  const adds: string[] = [];
  // The same sums the live rollup adds (values and the pairs of rates reported on both sides).
  Object.entries(rollupValues(ctx.catalog, state.values ?? {})).forEach(([code, value], i) => {
    if (value === 0) return;
    names[`#v${i}`] = `${VALUE_PREFIX}${code}`;
    names[`#g${i}`] = `${VALUE_PREFIX}${code}${GROUP_SEPARATOR}${state.group ?? 'public'}`;
    values[`:d${i}`] = sign * value;
    adds.push(`#v${i} :d${i}`, `#g${i} :d${i}`);
  });
  names['#submitted'] = 'submitted';
  names['#timeliness'] = state.late ? 'late' : 'onTime';
  names['#schools'] = 'submittedSchools';
  values[':school'] = new Set([schoolId]);
  adds.push('#submitted :one', '#timeliness :one');
  return {
    Update: {
      TableName: ctx.tableName,
      Key: keys.approvedAggregate(unitId, period),
      UpdateExpression: `SET #updatedAt = :now, #unitId = :unitId, #period = :period, #type = :type ADD ${[...adds, ...(sign > 0 ? ['#schools :school'] : [])].join(', ')}${sign < 0 ? ' DELETE #schools :school' : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};

type NextState = Omit<ApprovalState, 'unitId' | 'period' | 'rev'>;

/** The answer to a review or a unit decision. */
export interface DecisionResult {
  unitId: string;
  period: string;
  status: ApprovalStatus;
  rev: number;
  version?: number;
  /** The same decision was already in force: nothing was written. */
  unchanged?: true;
}

/**
 * One decision, once: state r → r+1 (conditioned), the audit entry r+1, and the extra items.
 * `decide` runs again from fresh reads when the transaction loses a race.
 */
const commitDecision = async <T>(
  ctx: ApprovalContext,
  unitId: string,
  period: string,
  decide: () => Promise<
    | { kind: 'done'; result: T }
    | {
        kind: 'write';
        state: ApprovalState | undefined;
        next: NextState | null;
        entry: Omit<ApprovalDecision, 'unitId' | 'period' | 'rev'>;
        extra: (rev: number) => TransactItem[];
        result: (rev: number) => T;
      }
  >,
): Promise<T> =>
  withRetry(
    async () => {
      const plan = await decide();
      if (plan.kind === 'done') return plan.result;
      const rev = (plan.state?.rev ?? 0) + 1;
      const { unitId: _u, period: _p, rev: _r, ...kept } = plan.state ?? { unitId, period, rev: 0, decision: 'none' as const };
      await documentClient.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: ctx.tableName,
                Item: { ...keys.approval(unitId, period), type: 'ApprovalState', unitId, period, ...(plan.next ?? kept), rev },
                ConditionExpression: plan.state ? '#rev = :rev' : 'attribute_not_exists(pk)',
                ExpressionAttributeNames: plan.state ? { '#rev': 'rev' } : undefined,
                ExpressionAttributeValues: plan.state ? { ':rev': plan.state.rev } : undefined,
              },
            },
            {
              Put: {
                TableName: ctx.tableName,
                Item: { ...keys.approvalDecision(unitId, period, rev), type: 'ApprovalDecision', unitId, period, rev, ...plan.entry },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...plan.extra(rev),
          ],
        }),
      );
      return plan.result(rev);
    },
    {
      attempts: 6,
      baseMs: 20,
      maxMs: 500,
      jitterMs: 20,
      retryOn: (error) => error instanceof TransactionCanceledException || isTransientDynamoError(error),
      exhausted: () => new HttpError(409, 'Đơn vị đang được cập nhật đồng thời, vui lòng thử lại'),
    },
  );

const stripUndefined = <T extends Record<string, unknown>>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** `POST /api/units/{schoolId}/reviews/{period}`: approve or return a school's report. */
export const reviewReport = async (ctx: ApprovalContext, claims: TokenClaims, schoolId: string, periodId: string, body: unknown) => {
  const request = parseBody(ReviewRequestSchema, body);
  const subject = await subjectOf(ctx, schoolId, periodId);
  if (!isSchool(subject.unit)) {
    throw fail({ status: 400, code: 'not_a_school', message: 'Chỉ báo cáo của trường học được duyệt hoặc trả lại; đơn vị khác dùng /approvals' }, 'unitId');
  }
  assertLeaderAbove(claims, subject);
  const { unit, period } = subject;
  const comment = request.comment || undefined;
  return commitDecision<DecisionResult>(ctx, unit.id, period.id, async () => {
    const [state, head, aboveApproved] = await Promise.all([
      getApprovalState(ctx.tableName, unit.id, period.id),
      getHead(ctx.tableName, unit.id, period.id),
      parentApproved(ctx, subject),
    ]);
    // The report reviewed is the latest complete version (drafts are never reviewed).
    const latest = head.latestFinal;
    const current = schoolStatus(state, latest);
    const outcome: Outcome = reviewOutcome(request.decision, current, aboveApproved);
    if (outcome.kind === 'refuse') throw fail(outcome.refusal);
    if (outcome.kind === 'unchanged')
      return { kind: 'done', result: { unitId: unit.id, period: period.id, status: current, rev: state?.rev ?? 0, unchanged: true as const } };
    const now = ctx.now();
    const stamp = toVietnamIso(now);
    const who = { decidedBy: claims.sub, decidedAt: stamp, comment };
    // The head must still be at the version decided on: a correction racing the review re-runs it.
    const headCheck: TransactItem = {
      ConditionCheck: {
        TableName: ctx.tableName,
        Key: keys.submissionHead(unit.id, period.id),
        ConditionExpression: 'latestVersion = :head',
        ExpressionAttributeValues: { ':head': head.latestVersion },
      },
    };
    if (request.decision === 'approve') {
      const version = await getSubmissionVersion(ctx.tableName, unit.id, period.id, latest);
      if (!version) throw new Error(`Submission ${unit.id} ${period.id} v${latest} is missing`);
      const next: NextState = stripUndefined({
        decision: 'approved',
        version: latest,
        values: version.values as Values,
        late: version.late ?? false,
        group: unit.ownership ?? 'public',
        ...who,
      });
      return {
        kind: 'write',
        state,
        next,
        entry: stripUndefined({ action: 'review-approve', by: claims.sub, byUnit: claims.unit, at: stamp, comment, version: latest }),
        extra: () => [headCheck, ...subject.ancestors.map((ancestor) => approvedAggregateUpdate(ctx, ancestor, period.id, next, unit.id, 1, stamp))],
        result: (rev: number) => ({ unitId: unit.id, period: period.id, status: 'approved' as ApprovalStatus, version: latest, rev }),
      };
    }
    // Return: take the approved figures back out if it was approved, and tell the school.
    const link = `${ctx.publicUrl}/form?t=${await signToken({ sub: `review-${unit.id}`, unit: unit.id, role: 'school' }, await ctx.signingKey(), '30d')}&period=${encodeURIComponent(period.id)}`;
    const reviewer = (await getUnit(ctx.tableName, claims.unit))?.name ?? claims.unit;
    const next: NextState = stripUndefined({ decision: 'returned', version: latest, ...who });
    const wasApproved = state?.decision === 'approved';
    return {
      kind: 'write',
      state,
      next,
      entry: stripUndefined({ action: 'review-return', by: claims.sub, byUnit: claims.unit, at: stamp, comment, version: latest, link }),
      extra: (rev: number) => [
        headCheck,
        ...parentNotApproved(ctx, subject),
        ...(wasApproved && state ? subject.ancestors.map((ancestor) => approvedAggregateUpdate(ctx, ancestor, period.id, state, unit.id, -1, stamp)) : []),
        {
          Put: {
            TableName: ctx.tableName,
            Item: {
              ...keys.notification(unit.id, `review#${period.id}#${String(rev).padStart(6, '0')}`),
              type: 'Notification',
              schedule: `review/${period.id}/${rev}`,
              kind: 'returned',
              recipientId: unit.id,
              title: `Báo cáo ${period.label} được trả lại để sửa`,
              lines: [
                comment ? `${reviewer} trả lại báo cáo với nhận xét: “${comment}”` : `${reviewer} trả lại báo cáo (không kèm nhận xét).`,
                'Trường sửa số liệu và nộp lại báo cáo theo đường dẫn dưới đây.',
              ],
              link,
              createdAt: stamp,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      result: (rev: number) => ({ unitId: unit.id, period: period.id, status: 'returned' as ApprovalStatus, version: latest, rev }),
    };
  });
};

/** `POST /api/units/{unitId}/approvals/{period}`: approve a unit whose children are all approved, or withdraw its approval. */
export const decideUnit = async (ctx: ApprovalContext, claims: TokenClaims, unitId: string, periodId: string, body: unknown) => {
  const request = parseBody(UnitApprovalRequestSchema, body);
  const subject = await subjectOf(ctx, unitId, periodId);
  if (isSchool(subject.unit)) {
    throw fail({ status: 400, code: 'is_a_school', message: 'Báo cáo của trường được duyệt hoặc trả lại qua /reviews' }, 'unitId');
  }
  assertLeaderAbove(claims, subject);
  const { unit, period } = subject;
  const comment = request.comment || undefined;
  return commitDecision<DecisionResult>(ctx, unit.id, period.id, async () => {
    const [state, children, aboveApproved] = await Promise.all([
      getApprovalState(ctx.tableName, unit.id, period.id),
      request.decision === 'approve' ? childrenStatuses(ctx, unit, period) : Promise.resolve([]),
      request.decision === 'withdraw' ? parentApproved(ctx, subject) : Promise.resolve(false),
    ]);
    const current: ApprovalStatus = state?.decision === 'approved' ? 'approved' : 'open';
    const outcome = unitOutcome(request.decision, current, children, aboveApproved);
    if (outcome.kind === 'refuse') throw fail(outcome.refusal);
    if (outcome.kind === 'unchanged')
      return { kind: 'done', result: { unitId: unit.id, period: period.id, status: current, rev: state?.rev ?? 0, unchanged: true as const } };
    const stamp = toVietnamIso(ctx.now());
    const approve = request.decision === 'approve';
    const childChecks: TransactItem[] = approve
      ? children.slice(0, MAX_CHECKED_CHILDREN).map((child) => ({
          ConditionCheck: {
            TableName: ctx.tableName,
            Key: keys.approval(child.id, period.id),
            ConditionExpression: '#decision = :approved',
            ExpressionAttributeNames: { '#decision': 'decision' },
            ExpressionAttributeValues: { ':approved': 'approved' },
          },
        }))
      : parentNotApproved(ctx, subject);
    return {
      kind: 'write',
      state,
      next: stripUndefined<NextState>({ decision: approve ? 'approved' : 'withdrawn', decidedBy: claims.sub, decidedAt: stamp, comment }),
      entry: stripUndefined({ action: approve ? 'unit-approve' : 'unit-withdraw', by: claims.sub, byUnit: claims.unit, at: stamp, comment }),
      extra: () => childChecks,
      result: (rev: number) => ({ unitId: unit.id, period: period.id, status: (approve ? 'approved' : 'open') as ApprovalStatus, rev }),
    };
  });
};

/** `GET /api/units/{unitId}/approvals/{period}`: status, children, lock, audit and unlock requests. */
export const approvalStatus = async (ctx: ApprovalContext, claims: TokenClaims, unitId: string, periodId: string) => {
  const subject = await subjectOf(ctx, unitId, periodId);
  const { unit, period } = subject;
  assertCanRead(claims, unit);
  const now = ctx.now();
  const record = await readApproval(ctx.tableName, unit.id, period.id);
  let status: ApprovalStatus;
  let children: ChildStatus[] = [];
  if (isSchool(unit)) {
    status = schoolStatus(record.state, (await getHead(ctx.tableName, unit.id, period.id)).latestFinal);
  } else {
    const [aggregate, statuses] = await Promise.all([getAggregate(ctx.tableName, unit.id, period.id), childrenStatuses(ctx, unit, period)]);
    children = statuses;
    status = unitStatus(record.state, aggregate.submitted, unit.periods[period.id]?.expected ?? 0);
  }
  const locksOn = lockDateFor(period, [...subject.ancestors, unit.id]);
  const grant = record.unlocks
    .filter((u) => u.status === 'granted' && u.expiresAt && Date.parse(u.expiresAt) > now.getTime())
    .sort((a, b) => String(b.expiresAt).localeCompare(String(a.expiresAt)))[0];
  const { state } = record;
  return {
    unitId: unit.id,
    period: period.id,
    status,
    children,
    ...(state && state.decision !== 'none'
      ? { decision: stripUndefined({ decision: state.decision, version: state.version, by: state.decidedBy, at: state.decidedAt, comment: state.comment }) }
      : {}),
    lock: {
      locksOn: locksOn ?? null,
      locked: locksOn !== undefined && vietnamDate(now) > locksOn,
      unlockedUntil: isSchool(unit) && hasActiveGrant(record.unlocks, now) ? (grant?.expiresAt ?? null) : null,
    },
    decisions: record.decisions.map(({ rev, action, by, byUnit, at, comment, version, requestId, hours, expiresAt }) =>
      stripUndefined({ rev, action, by, byUnit, at, comment, version, requestId, hours, expiresAt }),
    ),
    unlockRequests: record.unlocks.map(({ schoolId: _s, period: _p, ...rest }) => rest),
  };
};

/** `POST /api/units/{schoolId}/unlock-requests/{period}`: the school asks to reopen a locked period. */
export const requestUnlock = async (ctx: ApprovalContext, claims: TokenClaims, schoolId: string, periodId: string, body: unknown) => {
  const request = parseBody(UnlockRequestSchema, body);
  const subject = await subjectOf(ctx, schoolId, periodId);
  const { unit, period } = subject;
  if (claims.role !== 'school' || claims.unit !== unit.id || !isSchool(unit)) {
    throw fail({ status: 403, code: 'not_this_school', message: 'Chỉ trường được xin mở khóa kỳ báo cáo cho chính trường mình' }, '');
  }
  const id = randomUUID();
  return commitDecision(ctx, unit.id, period.id, async () => {
    const state = await getApprovalState(ctx.tableName, unit.id, period.id);
    if (state?.decision === 'approved') {
      throw fail({
        status: 409,
        code: 'report_approved',
        message: `Báo cáo ${period.label} đã được phê duyệt; mở khóa không sửa được báo cáo đã duyệt. Đề nghị cấp trên trả lại báo cáo.`,
      });
    }
    const stamp = toVietnamIso(ctx.now());
    return {
      kind: 'write',
      state,
      next: null,
      entry: { action: 'unlock-request', by: claims.sub, byUnit: claims.unit, at: stamp, comment: request.reason, requestId: id },
      extra: () => [
        {
          Put: {
            TableName: ctx.tableName,
            Item: {
              ...keys.unlockRequest(unit.id, period.id, id),
              type: 'UnlockRequest',
              id,
              schoolId: unit.id,
              period: period.id,
              reason: request.reason,
              requestedBy: claims.sub,
              requestedAt: stamp,
              status: 'pending',
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      result: () => ({ id, status: 'pending' as const }),
    };
  });
};

/** `POST /api/units/{schoolId}/unlock-requests/{period}/{id}`: a leader above grants (for `hours`) or refuses. */
export const decideUnlock = async (ctx: ApprovalContext, claims: TokenClaims, schoolId: string, periodId: string, requestId: string, body: unknown) => {
  const request = parseBody(UnlockDecisionSchema, body);
  const subject = await subjectOf(ctx, schoolId, periodId);
  assertLeaderAbove(claims, subject);
  const { unit, period } = subject;
  const comment = request.comment || undefined;
  return commitDecision(ctx, unit.id, period.id, async () => {
    const { state, unlocks } = await readApproval(ctx.tableName, unit.id, period.id);
    const unlock = unlocks.find((u) => u.id === requestId);
    if (!unlock) throw new HttpError(404, 'Không tìm thấy yêu cầu mở khóa');
    if (unlock.status !== 'pending') {
      throw fail({ status: 409, code: 'already_decided', message: `Yêu cầu mở khóa này đã được ${unlock.status === 'granted' ? 'chấp thuận' : 'từ chối'}` });
    }
    const now = ctx.now();
    const stamp = toVietnamIso(now);
    const grant = request.decision === 'grant';
    const expiresAt = grant ? toVietnamIso(grantExpiry(now, request.hours)) : undefined;
    const decided = stripUndefined({
      status: grant ? 'granted' : 'refused',
      decidedBy: claims.sub,
      decidedAt: stamp,
      comment,
      hours: grant ? request.hours : undefined,
      expiresAt,
    });
    return {
      kind: 'write',
      state,
      next: null,
      entry: stripUndefined({
        action: grant ? 'unlock-grant' : 'unlock-refuse',
        by: claims.sub,
        byUnit: claims.unit,
        at: stamp,
        comment,
        requestId,
        hours: grant ? request.hours : undefined,
        expiresAt,
      }),
      extra: () => [
        {
          Put: {
            TableName: ctx.tableName,
            Item: { ...keys.unlockRequest(unit.id, period.id, requestId), type: 'UnlockRequest', ...unlock, ...decided },
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'pending' },
          },
        },
      ],
      result: () => ({ id: requestId, ...decided }),
    };
  });
};
