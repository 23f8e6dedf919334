/**
 * The notify function's own one-time EventBridge Scheduler schedules (group
 * `<SCHEDULE_GROUP_PREFIX>-notify`, beside the calendar's `<prefix>-<school year>` groups):
 * the end of a recipient's coalescing window, and the daily digest at 17:00 Vietnam time. Same
 * API, same settings as the calendar reminders (retries, then the scheduler's dead-letter queue).
 */
import { ConflictException, CreateScheduleCommand, CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { addDays, TIME_ZONE, toVietnamIso, vietnamDate, vietnamLocalToInstant } from '../../domain/vietnam-time.ts';
import { DELIVERY } from '../../platform/events.ts';
import type { NotifySchedulePayload } from '../../schemas/notify.ts';
import { getOptionalStringFromEnv, getStringFromEnv } from './config.ts';

/** The daily digest goes at this Vietnam time. */
export const DIGEST_TIME = '17:00:00';

const schedulerClient = new SchedulerClient({ maxAttempts: 6 });
let group: Promise<void> | undefined;
let ownArn: string | undefined;

/**
 * The notify function schedules itself: it cannot be given its own ARN by environment (a cycle in
 * the stack), so it passes the ARN it was invoked by. Other functions get NOTIFY_FUNCTION_ARN.
 */
export const useOwnArn = (invokedFunctionArn: string): void => {
  ownArn ??= invokedFunctionArn;
};

const notifyArn = (): string => {
  const arn = getOptionalStringFromEnv('NOTIFY_FUNCTION_ARN') ?? ownArn;
  if (!arn) throw new Error('Missing environment variable NOTIFY_FUNCTION_ARN');
  return arn;
};

/** The group of the notify schedules. */
export const notifyGroup = (): string => `${getStringFromEnv('SCHEDULE_GROUP_PREFIX')}-notify`;

const ensureGroup = (): Promise<void> => {
  group ??= schedulerClient
    .send(new CreateScheduleGroupCommand({ Name: notifyGroup() }))
    .then(() => undefined)
    .catch((error: unknown) => {
      if (error instanceof ConflictException) return;
      group = undefined;
      throw error;
    });
  return group;
};

/** Create a one-time schedule at an instant (Vietnam time, to the second) unless it exists. */
export const scheduleOnce = async (name: string, at: Date, payload: NotifySchedulePayload): Promise<void> => {
  await ensureGroup();
  try {
    await schedulerClient.send(
      new CreateScheduleCommand({
        Name: name,
        GroupName: notifyGroup(),
        ScheduleExpression: `at(${toVietnamIso(at).slice(0, 19)})`,
        ScheduleExpressionTimezone: TIME_ZONE,
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: notifyArn(),
          RoleArn: getStringFromEnv('SCHEDULER_ROLE_ARN'),
          Input: JSON.stringify(payload),
          RetryPolicy: {
            MaximumRetryAttempts: Number(getOptionalStringFromEnv('NOTIFY_RETRY_ATTEMPTS') ?? DELIVERY.retryAttempts),
            MaximumEventAgeInSeconds: DELIVERY.maxEventAgeSeconds,
          },
          DeadLetterConfig: { Arn: getStringFromEnv('SCHEDULER_DLQ_ARN') },
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConflictException)) throw error;
  }
};

/** The next 17:00 in Vietnam strictly after `now`, as a date and an instant. */
export const nextDigest = (now: Date): { date: string; at: Date } => {
  const today = vietnamDate(now);
  const todayAt = vietnamLocalToInstant(`${today}T${DIGEST_TIME}`);
  const date = todayAt > now ? today : addDays(today, 1);
  return { date, at: vietnamLocalToInstant(`${date}T${DIGEST_TIME}`) };
};

/** Make sure the digest of `date` is scheduled (idempotent: the name is the date). */
export const scheduleDigest = (digest: { date: string; at: Date }): Promise<void> =>
  scheduleOnce(`digest-${digest.date}`, digest.at, { type: 'daily-digest', date: digest.date });
