/** Key layout of the single table. One function per item type, nowhere else. */
export const keys = {
  unit: (unitId: string) => ({ pk: `UNIT#${unitId}`, sk: 'META' }),
  /** Bumped by every tree import: containers drop their cached units when it moves. */
  treeRevision: () => ({ pk: 'TREE', sk: 'REV' }),
  childrenIndex: (parentId: string | null) => `CHILDREN#${parentId ?? 'ROOT'}`,
  submissionHead: (schoolId: string, period: string) => ({ pk: `SUB#${schoolId}#${period}`, sk: 'HEAD' }),
  submissionVersion: (schoolId: string, period: string, version: number) => ({
    pk: `SUB#${schoolId}#${period}`,
    sk: `V#${String(version).padStart(6, '0')}`,
  }),
  applied: (schoolId: string, period: string) => ({ pk: `SUB#${schoolId}#${period}`, sk: 'APPLIED' }),
  idempotency: (schoolId: string, key: string) => ({ pk: `IDEM#${schoolId}#${key}`, sk: 'IDEM' }),
  /** Shard 0 of an aggregate keeps the plain key; shards 1…15 have partitions of their own. */
  aggregate: (unitId: string, period: string, shard = 0) => ({ pk: shard === 0 ? `AGG#${unitId}#${period}` : `AGG#${unitId}#${period}#${shard}`, sk: 'AGG' }),
  evaluation: (unitId: string, period: string) => ({ pk: `AGG#${unitId}#${period}`, sk: 'EVAL' }),
  calendar: (unitId: string, schoolYear: string) => ({ pk: `CAL#${unitId}#${schoolYear}`, sk: 'META' }),
  calendarItem: (unitId: string, schoolYear: string, id: string) => ({ pk: `CAL#${unitId}#${schoolYear}`, sk: `ITEM#${id}` }),
  notification: (recipientId: string, key: string) => ({ pk: `NOTIF#${recipientId}`, sk: key }),
  membership: (ancestorId: string, schoolId: string) => ({ pk: `MEMBERS#${ancestorId}`, sk: schoolId }),
  /** A form link sent again from the dashboard: one partition per period, one item per resend. */
  linkResend: (period: string, schoolId: string, at: string) => ({ pk: `RESEND#${period}`, sk: `${schoolId}#${at}` }),
  // Notifications (email): subscriptions, opt-outs, one delivery per (event, recipient), a recipient's mailbox.
  subscription: (unitId: string, id: string) => ({ pk: `SUBSCR#${unitId}`, sk: id }),
  digestSubscriber: (unitId: string, id: string) => ({ pk: 'SUBSCR-DIGEST', sk: `${unitId}#${id}` }),
  optOut: (email: string, unitId: string) => ({ pk: `OPTOUT#${email}`, sk: unitId }),
  delivery: (recipient: string, eventKey: string) => ({ pk: `DELIV#${recipient}#${eventKey}`, sk: 'DELIVERY' }),
  mailboxWindow: (recipient: string) => ({ pk: `MAILBOX#${recipient}`, sk: 'WINDOW' }),
  mailboxPending: (recipient: string, createdAt: string, eventKey: string) => ({ pk: `MAILBOX#${recipient}`, sk: `P#${createdAt}#${eventKey}` }),
  mailboxSent: (recipient: string, windowId: string) => ({ pk: `MAILBOX#${recipient}`, sk: `SENT#${windowId}` }),
  /** Target changes of one Vietnam day, for the daily digest. */
  dayChange: (date: string, unitId: string, eventKey: string) => ({ pk: `CHANGES#${date}`, sk: `${unitId}#${eventKey}` }),
  /** Review and approval of a unit (or a school's report) for a period: its current decision, its audit log and unlock requests. */
  approval: (unitId: string, period: string) => ({ pk: `APPR#${unitId}#${period}`, sk: 'STATE' }),
  approvalDecision: (unitId: string, period: string, rev: number) => ({ pk: `APPR#${unitId}#${period}`, sk: `LOG#${String(rev).padStart(6, '0')}` }),
  unlockRequest: (schoolId: string, period: string, id: string) => ({ pk: `APPR#${schoolId}#${period}`, sk: `UNLOCK#${id}` }),
  /** Sums of the approved reports below a unit (the `?view=approved` rollup), moved by each approval and return. */
  approvedAggregate: (unitId: string, period: string) => ({ pk: `APPRAGG#${unitId}#${period}`, sk: 'AGG' }),
} as const;

/** Prefix of indicator sums on aggregate items (`v_pupils`). */
export const VALUE_PREFIX = 'v_';

/** Separates an indicator from its group in aggregate attribute names (`v_pupils@private`). */
export const GROUP_SEPARATOR = '@';
