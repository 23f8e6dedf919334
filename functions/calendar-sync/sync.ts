/**
 * Make a unit's EventBridge Scheduler schedules say exactly what its calendar says: one group per
 * school year (named after the stack), the unit in every schedule name, one-time `at()` schedules
 * in Asia/Ho_Chi_Minh that delete themselves after firing, a retry policy and a dead-letter queue.
 * Names carry a hash of their content, so syncing twice changes nothing and a changed item
 * replaces its schedule. Groups of school years that are over are deleted.
 */
import {
  ConflictException,
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { dueDateFor } from '../../domain/periods.ts';
import { desiredSchedules, isPastSchoolYear, scheduleGroupName, scheduleUnitPrefix, schoolYearOfGroup } from '../../domain/schedules.ts';
import { TIME_ZONE, vietnamDate, vietnamLocalToInstant } from '../../domain/vietnam-time.ts';
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
  /** Schedule groups are `<groupPrefix>-<school year>` (SCHEDULE_GROUP_PREFIX, the stack's name). */
  groupPrefix: string;
}

export interface SyncResult {
  group: string;
  created: string[];
  deleted: string[];
  kept: number;
  /** Groups of past school years deleted by this sync. */
  deletedGroups: string[];
}

const listNames = async (client: SchedulerClient, group: string, namePrefix: string): Promise<string[]> => {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListSchedulesCommand({ GroupName: group, NamePrefix: namePrefix, NextToken: token, MaxResults: 100 }));
    names.push(...(page.Schedules ?? []).map((s) => s.Name as string).filter((name) => name.startsWith(namePrefix)));
    token = page.NextToken;
  } while (token);
  return names;
};

/** Delete the groups (and so the schedules) of school years that are over. */
export const deletePastGroups = async (client: SchedulerClient, groupPrefix: string, now: Date): Promise<string[]> => {
  const today = vietnamDate(now);
  const deleted: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListScheduleGroupsCommand({ NamePrefix: `${groupPrefix}-`, NextToken: token, MaxResults: 100 }));
    for (const group of page.ScheduleGroups ?? []) {
      const year = group.Name ? schoolYearOfGroup(groupPrefix, group.Name) : undefined;
      if (!group.Name || !year || !isPastSchoolYear(year, today)) continue;
      try {
        await client.send(new DeleteScheduleGroupCommand({ Name: group.Name }));
        deleted.push(group.Name);
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    }
    token = page.NextToken;
  } while (token);
  return deleted;
};

export const syncSchedules = async (client: SchedulerClient, config: SyncConfig, unitId: string, schoolYear: string, now: Date): Promise<SyncResult> => {
  const unit = await getUnit(config.tableName, unitId);
  if (!unit) throw new Error(`Unit ${unitId} is missing`);
  const items = await listCalendar(config.tableName, unitId, schoolYear);
  const chain = [...unit.ancestors, unit.id];
  const desired = desiredSchedules(unitId, schoolYear, items, config.catalog.periods, (period) => dueDateFor(period, chain)).filter(
    (spec) => vietnamLocalToInstant(spec.at) > now,
  );
  const group = scheduleGroupName(config.groupPrefix, schoolYear);
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
  const existing = new Set(await listNames(client, group, scheduleUnitPrefix(unitId)));
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
  const deletedGroups = await deletePastGroups(client, config.groupPrefix, now);
  return { group, created, deleted, kept: desired.length - created.length, deletedGroups };
};
