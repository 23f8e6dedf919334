import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateScheduleCommand, CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePastGroups } from '../../functions/calendar-sync/sync.ts';
import { LocalScheduler } from '../../local/scheduler.ts';

describe('Function: deletePastGroups', () => {
  let server: Server;
  let scheduler: LocalScheduler;
  let client: SchedulerClient;
  beforeAll(async () => {
    scheduler = new LocalScheduler({ targets: {} });
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => void scheduler.handle(request, response, body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new SchedulerClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(() => server.close());

  it('given groups of past and current school years, when a sync runs in January 2023, then only this stack’s past groups go, with their schedules', async () => {
    for (const name of ['tonghop-prod-2021-2022', 'tonghop-prod-2022-2023', 'tonghop-dev-2021-2022', 'tonghop-prod-extra']) {
      await client.send(new CreateScheduleGroupCommand({ Name: name }));
    }
    await client.send(
      new CreateScheduleCommand({
        Name: 'lao-cai.late-end-abc',
        GroupName: 'tonghop-prod-2021-2022',
        ScheduleExpression: 'at(2022-06-16T08:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: 'arn:aws:lambda:local:000000000000:function:reminder', RoleArn: 'arn:aws:iam::000000000000:role/r' },
      }),
    );
    const deleted = await deletePastGroups(client, 'tonghop-prod', new Date('2023-01-10T00:00:00Z'));
    expect(deleted).toEqual(['tonghop-prod-2021-2022']);
    expect(scheduler.schedules.filter((s) => s.GroupName === 'tonghop-prod-2021-2022')).toEqual([]);
    expect(await deletePastGroups(client, 'tonghop-prod', new Date('2023-01-10T00:00:00Z'))).toEqual([]);
  });
});
