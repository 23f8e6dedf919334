/**
 * Load demo submissions through the real pipeline: each one is POSTed to the HTTP API with the
 * school's own token, then rolled up by the stream, the bus and the rollup function. The tokens
 * carry the `import` flag: the 2021-2023 periods are locked by date today, and an import of
 * historical figures is allowed past the lock date and recorded as such (`imported` on the version).
 */

import type { DemoSubmission } from '../catalog/demo-submissions.ts';
import { signToken } from '../functions/commons/auth.ts';

export interface LoadOptions {
  url: string;
  jwtSecret: string;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export const postDemoSubmissions = async (submissions: readonly DemoSubmission[], options: LoadOptions): Promise<void> => {
  const key = new TextEncoder().encode(options.jwtSecret);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < submissions.length) {
      const submission = submissions[next++] as DemoSubmission;
      const token = await signToken({ sub: `demo-${submission.schoolId}`, unit: submission.schoolId, role: 'school', import: true }, key, '1h');
      const post = (): Promise<Response> =>
        fetch(`${options.url}/api/submissions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            unitId: submission.schoolId,
            period: submission.period,
            values: submission.values,
            idempotencyKey: `demo-${submission.schoolId}-${submission.period}`,
          }),
        });
      // The idempotency key makes a retry safe: a 5xx on a loaded machine (a timed-out handler) is retried.
      let response = await post();
      for (let attempt = 1; response.status >= 500 && attempt <= 3; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
        response = await post();
      }
      if (response.status !== 202) {
        const text = await response.text();
        // With --clock before a period opens, its demo figures cannot be reported yet: skip them.
        if (response.status !== 400 || !text.includes('period_not_open'))
          throw new Error(`Demo submission ${submission.schoolId} ${submission.period} refused: ${response.status} ${text}`);
      }
      options.onProgress?.(++done, submissions.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
};

/** A one-line progress bar for a terminal (plain lines when not a TTY). */
export const progressBar = (label: string): ((done: number, total: number) => void) => {
  let lastPercent = -1;
  return (done, total) => {
    const percent = Math.floor((done / total) * 100);
    if (percent === lastPercent && done !== total) return;
    lastPercent = percent;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}${done === total ? '\n' : ''}`);
    else if (percent % 10 === 0 || done === total) console.log(line);
  };
};
