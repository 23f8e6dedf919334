/**
 * Make a unit's EventBridge Scheduler group say exactly what its calendar says: one group per
 * unit and school year, one-time `at()` schedules in Asia/Ho_Chi_Minh that delete themselves after
 * firing, a retry policy and a dead-letter queue. Names carry a hash of their content, so syncing
 * twice changes nothing and a changed item replaces its schedule.
 */
import {
  ConflictException,
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  GetScheduleGroupCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { dueDateFor } from '../../domain/periods.ts';
import { desiredSchedules, scheduleGroupName } from '../../domain/schedules.ts';
import { TIME_ZONE, vietnamLocalToInstant } from '../../domain/vietnam-time.ts';
import { DELIVERY } from '../../platform/events.ts';
import type { Catalog } from '../../schemas/catalog.ts';
import { listCalendar } from '../commons/calendar-store.ts';
import { getUnit } from '../commons/store.ts';

export interface SyncConfig {
  tableName: string;
  catalog: Catalog;
  targetArn: string;
  roleArn: string;
  deadLetterArn: string;
}

export interface SyncResult {
  group: string;
  created: string[];
  deleted: string[];
  kept: number;
}

const listNames = async (client: SchedulerClient, group: string): Promise<string[]> => {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListSchedulesCommand({ GroupName: group, NextToken: token, MaxResults: 100 }));
    names.push(...(page.Schedules ?? []).map((s) => s.Name as string));
    token = page.NextToken;
  } while (token);
  return names;
};

export const syncSchedules = async (client: SchedulerClient, config: SyncConfig, unitId: string, schoolYear: string, now: Date): Promise<SyncResult> => {
  const unit = await getUnit(config.tableName, unitId);
  if (!unit) throw new Error(`Unit ${unitId} is missing`);
  const items = await listCalendar(config.tableName, unitId, schoolYear);
  const chain = [...unit.ancestors, unit.id];
  const desired = desiredSchedules(unitId, schoolYear, items, config.catalog.periods, (period) => dueDateFor(period, chain)).filter(
    (spec) => vietnamLocalToInstant(spec.at) > now,
  );
  const group = scheduleGroupName(unitId, schoolYear);
  try {
    await client.send(new GetScheduleGroupCommand({ Name: group }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    try {
      await client.send(new CreateScheduleGroupCommand({ Name: group }));
    } catch (conflict) {
      if (!(conflict instanceof ConflictException)) throw conflict;
    }
  }
  const existing = new Set(await listNames(client, group));
  const wanted = new Set(desired.map((spec) => spec.name));
  const created: string[] = [];
  for (const spec of desired) {
    if (existing.has(spec.name)) continue;
    try {
      await client.send(
        new CreateScheduleCommand({
          Name: spec.name,
          GroupName: group,
          ScheduleExpression: `at(${spec.at})`,
          ScheduleExpressionTimezone: TIME_ZONE,
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: config.targetArn,
            RoleArn: config.roleArn,
            Input: JSON.stringify({ schedule: `${group}/${spec.name}`, payload: spec.payload }),
            RetryPolicy: { MaximumRetryAttempts: DELIVERY.retryAttempts, MaximumEventAgeInSeconds: DELIVERY.maxEventAgeSeconds },
            DeadLetterConfig: { Arn: config.deadLetterArn },
          },
        }),
      );
      created.push(spec.name);
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
    }
  }
  const deleted: string[] = [];
  for (const name of existing) {
    if (wanted.has(name)) continue;
    try {
      await client.send(new DeleteScheduleCommand({ Name: name, GroupName: group }));
      deleted.push(name);
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
  return { group, created, deleted, kept: desired.length - created.length };
};
