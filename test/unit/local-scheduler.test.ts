import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalScheduler } from '../../local/scheduler.ts';
import { waitFor } from '../helpers/wait.ts';

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
    await waitFor(
      async () => calls.length,
      (n) => n > 0,
    );
    await first.stop();
    expect(calls).toEqual([{ n: 1 }]);
    expect(first.fired[0]).toMatchObject({ name: 'due-start-d0-abc', late: true });
    expect(logs).toContain('schedule fired late');
    const second = new LocalScheduler({ stateFile, targets: { reminder: async (input) => calls.push(input) } });
    // start() runs its catch-up pass at once and stop() waits for it: after both, it has looked.
    second.start();
    await second.stop();
    expect(second.schedules).toEqual([]);
    expect(calls).toHaveLength(1);
  });
});
