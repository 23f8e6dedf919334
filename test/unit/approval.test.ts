import { describe, expect, it } from 'vitest';
import {
  grantExpiry,
  hasActiveGrant,
  isLeaderAbove,
  lockDateFor,
  reviewOutcome,
  schoolStatus,
  submissionRefusal,
  unitOutcome,
  unitStatus,
} from '../../domain/approval.ts';

describe('Approval rules', () => {
  describe('Function: schoolStatus', () => {
    it('is open without a version, submitted with one, returned until a newer version, approved when approved', () => {
      expect(schoolStatus(undefined, 0)).toBe('open');
      expect(schoolStatus(undefined, 1)).toBe('submitted');
      expect(schoolStatus({ decision: 'returned', version: 1 }, 1)).toBe('returned');
      expect(schoolStatus({ decision: 'returned', version: 1 }, 2)).toBe('submitted');
      expect(schoolStatus({ decision: 'approved', version: 2 }, 2)).toBe('approved');
    });
  });

  describe('Function: unitStatus', () => {
    it('is submitted once every expected school reported, approved when approved, open otherwise', () => {
      expect(unitStatus(undefined, 1, 2)).toBe('open');
      expect(unitStatus(undefined, 2, 2)).toBe('submitted');
      expect(unitStatus({ decision: 'withdrawn' }, 2, 2)).toBe('submitted');
      expect(unitStatus({ decision: 'approved' }, 1, 2)).toBe('approved');
      expect(unitStatus(undefined, 0, 0)).toBe('open');
    });
  });

  describe('Function: isLeaderAbove', () => {
    it('accepts a leader of an ancestor only', () => {
      expect(isLeaderAbove({ role: 'leader', unit: 'ward' }, ['province', 'city', 'ward'])).toBe(true);
      expect(isLeaderAbove({ role: 'leader', unit: 'other-ward' }, ['province', 'city', 'ward'])).toBe(false);
      expect(isLeaderAbove({ role: 'school', unit: 'ward' }, ['province', 'city', 'ward'])).toBe(false);
    });
  });

  describe('Function: reviewOutcome', () => {
    it('refuses an open report, a second return and a return under an approved parent; repeats an approval as unchanged', () => {
      expect(reviewOutcome('approve', 'open', false)).toMatchObject({ kind: 'refuse', refusal: { status: 409, code: 'nothing_submitted' } });
      expect(reviewOutcome('approve', 'submitted', false)).toEqual({ kind: 'apply' });
      expect(reviewOutcome('approve', 'returned', false)).toEqual({ kind: 'apply' });
      expect(reviewOutcome('approve', 'approved', true)).toEqual({ kind: 'unchanged' });
      expect(reviewOutcome('return', 'approved', false)).toEqual({ kind: 'apply' });
      expect(reviewOutcome('return', 'approved', true)).toMatchObject({ refusal: { status: 409, code: 'parent_approved' } });
      expect(reviewOutcome('return', 'returned', false)).toMatchObject({ refusal: { code: 'already_returned' } });
    });
  });

  describe('Function: unitOutcome', () => {
    const approved = { id: 'a', status: 'approved' as const };
    it('approves only when every child is approved, and names those that are not', () => {
      expect(unitOutcome('approve', 'open', [approved, { id: 'b', name: 'Trường B', status: 'submitted' }], false)).toMatchObject({
        refusal: { status: 409, code: 'children_not_approved', message: expect.stringContaining('Trường B') },
      });
      expect(unitOutcome('approve', 'open', [], false)).toMatchObject({ refusal: { code: 'no_children' } });
      expect(unitOutcome('approve', 'open', [approved], false)).toEqual({ kind: 'apply' });
      expect(unitOutcome('approve', 'approved', [approved], false)).toEqual({ kind: 'unchanged' });
    });
    it('withdraws only an approved unit whose parent has not approved', () => {
      expect(unitOutcome('withdraw', 'open', [], false)).toMatchObject({ refusal: { code: 'not_approved' } });
      expect(unitOutcome('withdraw', 'approved', [], true)).toMatchObject({ refusal: { status: 409, code: 'parent_approved' } });
      expect(unitOutcome('withdraw', 'approved', [], false)).toEqual({ kind: 'apply' });
    });
  });

  describe('Function: lockDateFor', () => {
    it('takes the nearest override in the chain, else the period lock date', () => {
      const period = { locksOn: '2023-07-15', lockOverrides: { province: '2023-07-31', ward: '2023-07-20' } };
      expect(lockDateFor(period, ['province', 'city', 'ward', 'school'])).toBe('2023-07-20');
      expect(lockDateFor(period, ['province', 'city', 'other-ward', 'school'])).toBe('2023-07-31');
      expect(lockDateFor({ locksOn: '2023-07-15', lockOverrides: {} }, ['x'])).toBe('2023-07-15');
      expect(lockDateFor({ lockOverrides: {} }, ['x'])).toBeUndefined();
    });
  });

  describe('Function: submissionRefusal', () => {
    const base = {
      period: { id: '2022-2023.end', label: 'Tổng kết năm học 2022-2023' },
      schoolId: 's',
      approved: false,
      lockOn: '2023-07-15',
      today: '2023-07-15',
      unlocked: false,
      imported: false,
    };
    it('lets a submission in up to and on the lock date', () => {
      expect(submissionRefusal(base)).toBeNull();
    });
    it('refuses after the lock date with a message offering an unlock request, unless unlocked or imported', () => {
      expect(submissionRefusal({ ...base, today: '2023-07-16' })).toMatchObject({
        status: 409,
        code: 'period_locked',
        message: expect.stringContaining('yêu cầu mở khóa'),
      });
      expect(submissionRefusal({ ...base, today: '2023-07-16', unlocked: true })).toBeNull();
      expect(submissionRefusal({ ...base, today: '2023-07-16', imported: true })).toBeNull();
      expect(submissionRefusal({ ...base, today: '2023-07-16', returned: true })).toBeNull();
    });
    it('refuses an approved report whatever the date, even unlocked or imported', () => {
      expect(submissionRefusal({ ...base, approved: true, unlocked: true, imported: true })).toMatchObject({ code: 'report_approved' });
    });
  });

  describe('Function: hasActiveGrant', () => {
    it('counts granted requests until they expire, never pending or refused ones', () => {
      const now = new Date('2023-07-20T01:00:00Z');
      const expiresAt = grantExpiry(now, 2).toISOString();
      expect(expiresAt).toBe('2023-07-20T03:00:00.000Z');
      expect(hasActiveGrant([{ status: 'granted', expiresAt }], now)).toBe(true);
      expect(hasActiveGrant([{ status: 'granted', expiresAt }], new Date('2023-07-20T03:00:00Z'))).toBe(false);
      expect(hasActiveGrant([{ status: 'pending' }, { status: 'refused' }], now)).toBe(false);
    });
  });
});
