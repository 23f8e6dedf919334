/**
 * Review, approval and locking, as pure rules (no AWS): who may decide, the state machine of a
 * school's report and of a unit, the "level above approved" rule, lock dates with overrides and
 * unlock grants with an expiry. The approval function and the intake guard apply these.
 *
 * School report:  open ──submit──▶ submitted ──approve──▶ approved
 *                                   │   ▲                    │
 *                              return   └──── resubmit ──┐   │ return (only while the parent is not approved)
 *                                   ▼                    │   ▼
 *                                 returned ──────────────┘ returned
 * Unit:           open / submitted (every expected school reported) ──approve──▶ approved ──withdraw──▶ back
 */
import type { Period } from '../schemas/catalog.ts';

export type ApprovalStatus = 'open' | 'submitted' | 'returned' | 'approved';

/** The last decision stored for a (unit, period); none means nobody decided yet. */
export interface DecisionState {
  decision: 'approved' | 'returned' | 'withdrawn' | 'none';
  /** For a school: the version approved or returned. */
  version?: number;
}

/** A refusal: the HTTP status, a stable code and a Vietnamese message. */
export interface Refusal {
  status: 400 | 403 | 409;
  code: string;
  message: string;
}

export type Outcome = { kind: 'apply' } | { kind: 'unchanged' } | { kind: 'refuse'; refusal: Refusal };

const refuse = (status: Refusal['status'], code: string, message: string): Outcome => ({ kind: 'refuse', refusal: { status, code, message } });

/** A school's status from its last decision and its latest complete (non-draft) version. */
export const schoolStatus = (state: DecisionState | undefined, latestVersion: number): ApprovalStatus => {
  if (state?.decision === 'approved') return 'approved';
  if (latestVersion === 0) return 'open';
  if (state?.decision === 'returned' && latestVersion <= (state.version ?? 0)) return 'returned';
  return 'submitted';
};

/** A unit's status: approved, else submitted once every expected school below has reported, else open. */
export const unitStatus = (state: DecisionState | undefined, submitted: number, expected: number): ApprovalStatus => {
  if (state?.decision === 'approved') return 'approved';
  return expected > 0 && submitted >= expected ? 'submitted' : 'open';
};

export interface Decider {
  role: 'school' | 'leader';
  unit: string;
}

/** Only a leader of an ancestor decides about a unit (never the unit itself, never a sibling). */
export const isLeaderAbove = (claims: Decider, ancestors: readonly string[]): boolean => claims.role === 'leader' && ancestors.includes(claims.unit);

export const NOT_ABOVE: Refusal = {
  status: 403,
  code: 'not_above',
  message: 'Chỉ lãnh đạo đơn vị cấp trên mới được duyệt, trả lại hoặc mở khóa cho đơn vị này',
};

/** `POST /api/units/{schoolId}/reviews/{period}`: approve or return a school's report. */
export const reviewOutcome = (decision: 'approve' | 'return', current: ApprovalStatus, parentApproved: boolean): Outcome => {
  if (current === 'open') return refuse(409, 'nothing_submitted', 'Trường chưa nộp báo cáo kỳ này nên chưa thể duyệt hoặc trả lại');
  if (decision === 'approve') return current === 'approved' ? { kind: 'unchanged' } : { kind: 'apply' };
  if (parentApproved) {
    return refuse(409, 'parent_approved', 'Cấp trên đã phê duyệt kỳ báo cáo này nên không thể trả lại báo cáo của trường. Cấp trên cần rút phê duyệt trước.');
  }
  if (current === 'returned') return refuse(409, 'already_returned', 'Báo cáo đã được trả lại và trường chưa nộp lại');
  return { kind: 'apply' };
};

export interface ChildStatus {
  id: string;
  name?: string;
  status: ApprovalStatus;
}

/** `POST /api/units/{unitId}/approvals/{period}`: approve a unit (every child approved) or withdraw its approval. */
export const unitOutcome = (decision: 'approve' | 'withdraw', current: ApprovalStatus, children: readonly ChildStatus[], parentApproved: boolean): Outcome => {
  if (decision === 'approve') {
    if (current === 'approved') return { kind: 'unchanged' };
    if (children.length === 0) return refuse(409, 'no_children', 'Đơn vị không có đơn vị trực thuộc nào trong kỳ này');
    const pending = children.filter((child) => child.status !== 'approved');
    if (pending.length > 0) {
      const names = pending.map((child) => child.name ?? child.id);
      const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` và ${names.length - 5} đơn vị khác` : '');
      return refuse(409, 'children_not_approved', `Chưa thể phê duyệt: ${pending.length} đơn vị trực thuộc chưa được duyệt (${shown})`);
    }
    return { kind: 'apply' };
  }
  if (current !== 'approved') return refuse(409, 'not_approved', 'Đơn vị chưa được phê duyệt nên không có gì để rút');
  if (parentApproved) {
    return refuse(409, 'parent_approved', 'Cấp trên đã phê duyệt kỳ báo cáo này nên không thể rút phê duyệt của đơn vị. Cấp trên cần rút phê duyệt trước.');
  }
  return { kind: 'apply' };
};

/** The lock date of a period for a unit: the override of its nearest ancestor (or itself), else the period's. */
export const lockDateFor = (period: Pick<Period, 'locksOn' | 'lockOverrides'>, unitChain: readonly string[]): string | undefined => {
  for (const unitId of [...unitChain].reverse()) {
    const override = period.lockOverrides?.[unitId];
    if (override) return override;
  }
  return period.locksOn;
};

/** DD/MM/YYYY from YYYY-MM-DD. */
export const vietnameseDate = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

export interface UnlockGrant {
  status: 'pending' | 'granted' | 'refused';
  /** ISO instant the grant ends (granted requests only). */
  expiresAt?: string;
}

/** Unlock grants last this long unless the leader says otherwise. */
export const DEFAULT_UNLOCK_HOURS = 72;
export const MAX_UNLOCK_HOURS = 24 * 30;

/** When a grant decided at `now` for `hours` ends. */
export const grantExpiry = (now: Date, hours: number): Date => new Date(now.getTime() + hours * 3_600_000);

/** Is any grant still running at `now`? */
export const hasActiveGrant = (grants: readonly UnlockGrant[], now: Date): boolean =>
  grants.some((grant) => grant.status === 'granted' && grant.expiresAt !== undefined && Date.parse(grant.expiresAt) > now.getTime());

export interface SubmissionLockInput {
  period: Pick<Period, 'id' | 'label'>;
  schoolId: string;
  /** The school's report is approved (by its reviewer). */
  approved: boolean;
  /** The lock date for the school (see lockDateFor), if the period has one. */
  lockOn: string | undefined;
  /** Today in Vietnam (YYYY-MM-DD). */
  today: string;
  /** An unlock grant is running. */
  unlocked: boolean;
  /** The report was returned for correction (and not decided on since): the date lock does not apply. */
  returned?: boolean;
  /** The submission is an import of historical figures (the demo loader): the date lock does not apply. */
  imported: boolean;
}

/**
 * May a school store a new version now? An approved report is frozen (only a return reopens it);
 * after the lock date only a running unlock grant, a return for correction (until the next
 * decision) or an import lets a version in.
 */
export const submissionRefusal = (input: SubmissionLockInput): Refusal | null => {
  if (input.approved) {
    return {
      status: 409,
      code: 'report_approved',
      message: `Báo cáo ${input.period.label} đã được cấp trên phê duyệt nên không thể sửa. Nếu cần sửa, đề nghị cấp trên trả lại báo cáo.`,
    };
  }
  if (input.lockOn && input.today > input.lockOn && !input.unlocked && !input.imported && !input.returned) {
    return {
      status: 409,
      code: 'period_locked',
      message:
        `Kỳ báo cáo ${input.period.label} đã khóa sổ sau ngày ${vietnameseDate(input.lockOn)}. ` +
        `Trường có thể gửi yêu cầu mở khóa kèm lý do (POST /api/units/${input.schoolId}/unlock-requests/${input.period.id} với { "reason": "…" }); ` +
        'khi cấp trên đồng ý, trường được nộp lại trong thời hạn mở khóa.',
    };
  }
  return null;
};
