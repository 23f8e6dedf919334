/** Start the local runtime for one test file, on the suite's DynamoDB Local, with its own table. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { signToken } from '../../functions/commons/auth.ts';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../local/runtime.ts';
import type { Role } from '../../schemas/auth.ts';
import type { Unit } from '../../schemas/unit.ts';
import { SMALL_TREE } from '../fixtures/small-tree.ts';

export const TEST_SECRET = 'integration-test-secret-not-for-production';

export interface TestRuntime extends Runtime {
  /**
   * A bearer token. School tokens carry the `import` flag unless told otherwise: the fixtures report
   * for 2021-2023 periods, locked by date today; tests of the locks pass `{ import: false }`.
   */
  token(unit: string, role: Role, expiresIn?: string, flags?: { import?: boolean }): Promise<string>;
  api(
    path: string,
    init?: { method?: string; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  ): Promise<{ status: number; body: any }>;
}

export const startTestRuntime = async (options: Partial<RuntimeOptions> & { units?: readonly Unit[] } = {}): Promise<TestRuntime> => {
  process.env.LOG_LEVEL = 'silent';
  const runtime = await startRuntime({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `t-${randomUUID()}`,
    jwtSecret: TEST_SECRET,
    seedUnits: options.units ?? SMALL_TREE,
    busMaxAttempts: 5,
    quiet: process.env.DEBUG_RUNTIME !== '1',
    ...options,
  });
  const key = new TextEncoder().encode(TEST_SECRET);
  return {
    ...runtime,
    token: (unit, role, expiresIn = '1h', flags = {}) =>
      signToken({ sub: `test-${role}-${unit}`, unit, role, import: role === 'school' && flags.import !== false }, key, expiresIn),
    api: async (path, init = {}) => {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      let body: string | undefined = init.rawBody;
      if (init.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(init.body);
      }
      const response = await fetch(`${runtime.url}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed };
    },
  };
};

export { waitFor } from './wait.ts';
