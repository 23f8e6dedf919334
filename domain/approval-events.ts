/**
 * Which event a stored decision stands for (the publisher reads it from the table stream). Unit
 * withdrawals and refused unlocks are kept in the audit but have no event of their own.
 */
import type { ApprovalDecision } from '../schemas/approval.ts';

export interface DecisionEvent {
  detailType: 'SubmissionApproved' | 'SubmissionReturned' | 'UnitApproved' | 'UnlockRequested' | 'UnlockGranted';
  detail: Record<string, unknown>;
}

const opt = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

export const decisionEvent = (d: ApprovalDecision): DecisionEvent | null => {
  const who = { by: d.by, byUnit: d.byUnit, at: d.at, ...opt('comment', d.comment), rev: d.rev };
  switch (d.action) {
    case 'review-approve':
      return { detailType: 'SubmissionApproved', detail: { schoolId: d.unitId, period: d.period, version: d.version, ...who } };
    case 'review-return':
      return { detailType: 'SubmissionReturned', detail: { schoolId: d.unitId, period: d.period, version: d.version, ...who, ...opt('link', d.link) } };
    case 'unit-approve':
      return { detailType: 'UnitApproved', detail: { unitId: d.unitId, period: d.period, ...who } };
    case 'unlock-request':
      return {
        detailType: 'UnlockRequested',
        detail: { schoolId: d.unitId, period: d.period, requestId: d.requestId, reason: d.comment ?? '', by: d.by, at: d.at, rev: d.rev },
      };
    case 'unlock-grant':
      return {
        detailType: 'UnlockGranted',
        detail: { schoolId: d.unitId, period: d.period, requestId: d.requestId, hours: d.hours, expiresAt: d.expiresAt, ...who },
      };
    default:
      return null;
  }
};

/** The details of one event type an audit entry stands for (none or one). */
export const decisionDetails = (d: ApprovalDecision, detailType: DecisionEvent['detailType']): Record<string, unknown>[] => {
  const event = decisionEvent(d);
  return event?.detailType === detailType ? [event.detail] : [];
};
