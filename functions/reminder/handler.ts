import middy from '@middy/core';
import * as z from 'zod';
import { CATALOG } from '../../catalog/index.ts';
import type { ReminderPayload } from '../../domain/schedules.ts';
import { signingKey } from '../commons/auth.ts';
import { getStringFromEnv } from '../commons/config.ts';
import { logger } from '../commons/logger.ts';
import { observe } from '../commons/observability.ts';
import { remindersFor, storeNotifications } from './remind.ts';

const tableName = getStringFromEnv('TABLE_NAME');
const publicUrl = getStringFromEnv('PUBLIC_URL');

/** What EventBridge Scheduler delivers: the schedule's payload and its name. */
const FiredScheduleSchema = z.object({
  schedule: z.string().min(1),
  payload: z.discriminatedUnion('type', [
    z.object({ type: z.literal('digest'), unitId: z.string(), schoolYear: z.string(), month: z.string() }),
    z.object({ type: z.literal('deadline'), unitId: z.string(), schoolYear: z.string(), periodId: z.string(), daysBefore: z.number().int() }),
    z.object({ type: z.literal('late'), unitId: z.string(), schoolYear: z.string(), periodId: z.string() }),
  ]),
});

/** Target of every reminder schedule. */
export const handler = middy<unknown, { created: number }>()
  .use(observe())
  .handler(async (event) => {
    const fired = FiredScheduleSchema.parse(event);
    const ctx = { tableName, catalog: CATALOG, publicUrl, signingKey, now: () => new Date() };
    const drafts = await remindersFor(ctx, fired.payload as ReminderPayload);
    const created = await storeNotifications(ctx, fired.schedule, fired.payload as ReminderPayload, drafts);
    logger.info('reminders', { schedule: fired.schedule, recipients: drafts.length, created });
    return { created };
  });
