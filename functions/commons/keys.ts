/** Key layout of the single table. One function per item type, nowhere else. */
export const keys = {
  unit: (unitId: string) => ({ pk: `UNIT#${unitId}`, sk: 'META' }),
  childrenIndex: (parentId: string | null) => `CHILDREN#${parentId ?? 'ROOT'}`,
  submissionHead: (schoolId: string, period: string) => ({ pk: `SUB#${schoolId}#${period}`, sk: 'HEAD' }),
  submissionVersion: (schoolId: string, period: string, version: number) => ({
    pk: `SUB#${schoolId}#${period}`,
    sk: `V#${String(version).padStart(6, '0')}`,
  }),
  applied: (schoolId: string, period: string) => ({ pk: `SUB#${schoolId}#${period}`, sk: 'APPLIED' }),
  idempotency: (schoolId: string, key: string) => ({ pk: `IDEM#${schoolId}#${key}`, sk: 'IDEM' }),
  aggregate: (unitId: string, period: string) => ({ pk: `AGG#${unitId}#${period}`, sk: 'AGG' }),
  evaluation: (unitId: string, period: string) => ({ pk: `AGG#${unitId}#${period}`, sk: 'EVAL' }),
  membership: (ancestorId: string, schoolId: string) => ({ pk: `MEMBERS#${ancestorId}`, sk: schoolId }),
} as const;

/** Prefix of indicator sums on aggregate items (`v_pupils`). */
export const VALUE_PREFIX = 'v_';

/** Separates an indicator from its group in aggregate attribute names (`v_pupils@private`). */
export const GROUP_SEPARATOR = '@';
