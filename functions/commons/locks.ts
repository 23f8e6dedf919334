/**
 * The intake's one guard for approval and locks: an approved report is frozen, and after the
 * period's lock date only a running unlock grant (or an import of historical figures) lets a new
 * version in. Both the JSON API and the form go through the intake, hence through this.
 */
import { hasActiveGrant, lockDateFor, submissionRefusal } from '../../domain/approval.ts';
import { vietnamDate } from '../../domain/vietnam-time.ts';
import type { TokenClaims } from '../../schemas/auth.ts';
import type { Period } from '../../schemas/catalog.ts';
import { readApproval } from './approval-store.ts';
import { HttpError } from './http.ts';

export interface SubmissionLockInput {
  tableName: string;
  claims: TokenClaims;
  schoolId: string;
  period: Period;
  /** The school's ancestors in the period, root first (for lock date overrides). */
  ancestors: readonly string[];
  now: Date;
}

/** Throws 409 (Vietnamese message, code `report_approved` or `period_locked`) when the school may not submit now. */
export const assertSubmissionOpen = async (input: SubmissionLockInput): Promise<void> => {
  const { state, unlocks } = await readApproval(input.tableName, input.schoolId, input.period.id);
  const refusal = submissionRefusal({
    period: input.period,
    schoolId: input.schoolId,
    approved: state?.decision === 'approved',
    lockOn: lockDateFor(input.period, [...input.ancestors, input.schoolId]),
    today: vietnamDate(input.now),
    unlocked: hasActiveGrant(unlocks, input.now),
    returned: state?.decision === 'returned',
    imported: input.claims.import === true,
  });
  if (refusal) throw new HttpError(refusal.status, refusal.message, [{ path: 'period', code: refusal.code, message: refusal.message }]);
};
