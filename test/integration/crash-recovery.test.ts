/**
 * The runtime dies between the table write and the publish (the stream is left unread, then the
 * process is SIGKILLed). After a restart on the same data the event still goes out and the
 * rollup counts it once. Also proves Java does not outlive a killed runtime.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../catalog/units.ts';
import { signToken } from '../../functions/commons/auth.ts';
import { freePort } from '../../local/dynamodb-local.ts';
import { completeReport } from '../helpers/reports.ts';
import { waitFor } from '../helpers/runtime.ts';

const SECRET = 'crash-test-secret';
const PERIOD = '2022-2023.start';
const SCHOOL = DEMO.school;

interface Started {
  child: ChildProcess;
  dynamoEndpoint: string;
}

const startCli = (dataDir: string, port: number, extra: string[] = []): Promise<Started> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--data-dir', dataDir, '--port', String(port), '--units-only', ...extra], {
      env: { ...process.env, TONGHOP_JWT_SECRET: SECRET, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`runtime did not start:\n${out}`)), 110_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = /DynamoDB Local at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, dynamoEndpoint: match[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`runtime exited with ${code}:\n${out}`)));
  });

const isListening = async (endpoint: string): Promise<boolean> => {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
};

describe('Crash between the table write and the publish', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tonghop-crash-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a stored submission whose event was never published, when the runtime restarts, then it is delivered and counted once', async () => {
    const key = new TextEncoder().encode(SECRET);
    const school = await signToken({ sub: 't', unit: SCHOOL, role: 'school', import: true }, key);
    const leader = await signToken({ sub: 't', unit: 'lao-cai', role: 'leader' }, key);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const rollup = async () =>
      (await (await fetch(`${base}/api/units/lao-cai/rollups/${PERIOD}`, { headers: { authorization: `Bearer ${leader}` } })).json()) as {
        indicators: Record<string, { value: number }>;
        completeness: { submitted: number };
      };

    // Prepare: a runtime whose stream reader never runs, as if it died right after the write.
    const first = await startCli(dataDir, port, ['--pause-stream']);
    children.push(first.child);
    const post = await fetch(`${base}/api/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${school}`, 'content-type': 'application/json' },
      body: JSON.stringify({ unitId: SCHOOL, period: PERIOD, values: completeReport(['TH'], PERIOD, { th_classes: 21, th_pupils: 777 }) }),
    });
    expect(post.status).toBe(202);
    expect((await rollup()).completeness.submitted).toBe(0);

    // Act: kill -9, and check that Java goes with it.
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    await waitFor(
      () => isListening(first.dynamoEndpoint),
      (listening) => listening === false,
      15_000,
    );

    const second = await startCli(dataDir, port);
    children.push(second.child);

    // Assess: the event went out after the restart and was counted once.
    const after = await waitFor(rollup, (r) => r.completeness.submitted === 1, 15_000);
    expect(after.indicators.pupils?.value).toBe(777);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const later = await rollup();
    expect(later.indicators.pupils?.value).toBe(777);
    expect(later.completeness.submitted).toBe(1);

    // Ctrl-C stops everything, Java included.
    const stopped = new Promise((resolve) => second.child.once('exit', resolve));
    second.child.kill('SIGINT');
    await stopped;
    expect(await isListening(second.dynamoEndpoint)).toBe(false);
  }, 300_000);
});
