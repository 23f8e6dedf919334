import middy from '@middy/core';
import { CATALOG } from '../../catalog/index.ts';
import { NotifySchedulePayloadSchema } from '../../schemas/notify.ts';
import { signingKey } from '../commons/auth.ts';
import { getOptionalStringFromEnv, getStringFromEnv } from '../commons/config.ts';
import { logger } from '../commons/logger.ts';
import { useOwnArn } from '../commons/notify-schedules.ts';
import { observe } from '../commons/observability.ts';
import { runDigest } from './digest.ts';
import { flush } from './mailbox.ts';
import { notify } from './notify.ts';

const ctx = {
  tableName: getStringFromEnv('TABLE_NAME'),
  publicUrl: getStringFromEnv('PUBLIC_URL'),
  catalog: CATALOG,
  windowSeconds: Number(getOptionalStringFromEnv('NOTIFY_WINDOW_SECONDS') ?? 60),
  signingKey,
  now: () => new Date(),
};

type NotifyInput = { 'detail-type': string; detail: unknown } | { type: string };

/**
 * Target of the rule NotificationEventsToNotify (UnitCompleted, TargetMissed, TargetMet,
 * ReminderDue) and of its own schedules: the end of a recipient's window, the daily digest.
 */
export const handler = middy<NotifyInput, unknown>()
  .use(observe())
  .handler(async (input, context) => {
    useOwnArn(context.invokedFunctionArn);
    if ('detail-type' in input) {
      const result = await notify(ctx, input['detail-type'], input.detail);
      logger.info('notified', { detailType: input['detail-type'], ...result });
      return result;
    }
    const payload = NotifySchedulePayloadSchema.parse(input);
    if (payload.type === 'flush') {
      const messageId = await flush(ctx, payload.recipient, payload.windowId);
      logger.info('window flushed', { recipient: payload.recipient, windowId: payload.windowId, messageId });
      return { messageId };
    }
    const result = await runDigest(ctx, payload.date);
    logger.info('daily digest', { date: payload.date, ...result });
    return result;
  });
