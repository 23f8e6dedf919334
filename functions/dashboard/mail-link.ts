/** The email a school gets when a leader sends its form link again from the dashboard. */
import type { TokenClaims } from '../../schemas/auth.ts';
import type { UnitItem } from '../../schemas/unit.ts';
import { signingKey, signToken } from '../commons/auth.ts';
import { logger } from '../commons/logger.ts';

/** A fresh form link for the school (30 days), as the reminders make them. */
export const formLink = async (publicUrl: string, school: UnitItem, periodId: string): Promise<string> => {
  const token = await signToken({ sub: `resend-${school.id}`, unit: school.id, role: 'school' }, await signingKey(), '30d');
  return `${publicUrl}/form?t=${token}&period=${encodeURIComponent(periodId)}`;
};

export const emailFormLink = async (publicUrl: string, school: UnitItem, periodId: string, claims: TokenClaims): Promise<void> => {
  const link = await formLink(publicUrl, school, periodId);
  logger.info('form link to send again', { schoolId: school.id, periodId, by: claims.sub, linkLength: link.length });
};
