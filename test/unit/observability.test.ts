import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { correlateWith, logger } from '../../functions/commons/logger.ts';
import { countNotification, countSubmissionAccepted, METRIC_NAMES, observe, recordRollupLag } from '../../functions/commons/observability.ts';

const context = { functionName: 'submit', awsRequestId: 'req-1', invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:1:function:submit' } as Context;

describe('Given a handler observed with Powertools', () => {
  let lines: string[];
  beforeEach(() => {
    lines = [];
    const capture = (chunk: unknown): boolean => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
    logger.setLogLevel('INFO');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    logger.setLogLevel('SILENT');
  });
  const json = (): Record<string, unknown>[] => lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

  it('when it accepts a submission, then the log line is JSON with the submission id as correlation id and the EMF metrics follow', async () => {
    const handler = middy<unknown, string>()
      .use(observe())
      .handler(async () => {
        correlateWith('sub-123');
        countSubmissionAccepted();
        recordRollupLag(new Date(Date.now() - 1500).toISOString());
        countNotification('sent', 2);
        countNotification('failed');
        logger.info('submission accepted', { schoolId: 'lc-1' });
        return 'ok';
      });
    expect(await handler({}, context)).toBe('ok');
    const log = json().find((l) => l.message === 'submission accepted');
    expect(log).toMatchObject({ level: 'INFO', correlation_id: 'sub-123', schoolId: 'lc-1', function_request_id: 'req-1' });
    const emf = json().find((l) => '_aws' in l) as Record<string, unknown> & {
      _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] };
    };
    expect(emf._aws.CloudWatchMetrics[0]?.Namespace).toBe('Tonghop');
    expect(emf._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name).sort()).toEqual(Object.values(METRIC_NAMES).sort());
    expect(emf[METRIC_NAMES.submissionsAccepted]).toBe(1);
    expect(emf[METRIC_NAMES.rollupLag]).toBeGreaterThanOrEqual(1500);
    expect(emf[METRIC_NAMES.notificationsSent]).toBe(2);
  });

  it('when the next invocation has no submission, then the correlation id of the previous one is gone and no empty metrics are written', async () => {
    const handler = middy<unknown, void>()
      .use(observe())
      .handler(async () => {
        logger.info('health');
      });
    await handler({}, context);
    const log = json().find((l) => l.message === 'health');
    expect(log).toBeDefined();
    expect(log?.correlation_id).toBeUndefined();
    expect(json().some((l) => '_aws' in l)).toBe(false);
  });
});
