import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalScheduler } from '../../local/scheduler.ts';

describe('Class: LocalScheduler', () => {
  it('fires once, at start-up and marked late, a schedule missed while the runtime was down', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'sched-')), 'scheduler.json');
    const schedule = {
      Name: 'due-start-d0-abc',
      GroupName: 'tonghop-x-2022-2023',
      ScheduleExpression: 'at(2022-10-31T07:30:00)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: 'arn:aws:lambda:local:000000000000:function:reminder', Input: '{"n":1}' },
    };
    writeFileSync(stateFile, JSON.stringify({ groups: ['tonghop-x-2022-2023'], schedules: [schedule] }));
    const calls: unknown[] = [];
    const logs: string[] = [];
    const first = new LocalScheduler({ stateFile, targets: { reminder: async (input) => calls.push(input) }, log: (m) => logs.push(m) });
    first.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await first.stop();
    expect(calls).toEqual([{ n: 1 }]);
    expect(first.fired[0]).toMatchObject({ name: 'due-start-d0-abc', late: true });
    expect(logs).toContain('schedule fired late');
    const second = new LocalScheduler({ stateFile, targets: { reminder: async (input) => calls.push(input) } });
    second.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await second.stop();
    expect(calls).toHaveLength(1);
  });
});
