import { SchedulerClient } from '@aws-sdk/client-scheduler';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { CATALOG } from '../../catalog/index.ts';
import { type CalendarChangedDetail, CalendarChangedDetailSchema } from '../../schemas/events.ts';
import { getStringFromEnv } from '../commons/config.ts';
import { logger } from '../commons/logger.ts';
import { observe } from '../commons/observability.ts';
import { type SyncResult, syncSchedules } from './sync.ts';

const config = {
  tableName: getStringFromEnv('TABLE_NAME'),
  catalog: CATALOG,
  targetArn: getStringFromEnv('REMINDER_FUNCTION_ARN'),
  roleArn: getStringFromEnv('SCHEDULER_ROLE_ARN'),
  deadLetterArn: getStringFromEnv('SCHEDULER_DLQ_ARN'),
  groupPrefix: getStringFromEnv('SCHEDULE_GROUP_PREFIX'),
};
const scheduler = new SchedulerClient({ maxAttempts: 6 });

/** Target of the rule CalendarChangedToSync. */
export const handler = middy<EventBridgeEvent<'CalendarChanged', CalendarChangedDetail>, SyncResult>()
  .use(observe())
  .handler(async (event) => {
    const detail = CalendarChangedDetailSchema.parse(event.detail);
    const result = await syncSchedules(scheduler, config, detail.unitId, detail.schoolYear, new Date());
    logger.info('schedules synced', {
      unitId: detail.unitId,
      schoolYear: detail.schoolYear,
      created: result.created.length,
      deleted: result.deleted.length,
      kept: result.kept,
      deletedGroups: result.deletedGroups,
    });
    return result;
  });
