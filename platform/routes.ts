/**
 * The HTTP API: one list for the CDK HTTP API and the local HTTP server.
 * Paths use API Gateway's `{param}` syntax.
 */
import type { FunctionName } from './functions.ts';

export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly function: FunctionName;
}

export const ROUTES: readonly RouteDefinition[] = [
  { method: 'GET', path: '/health', function: 'query' },
  { method: 'GET', path: '/api/catalog', function: 'query' },
  { method: 'GET', path: '/api/units', function: 'query' },
  { method: 'GET', path: '/api/units/{unitId}', function: 'query' },
  { method: 'GET', path: '/api/units/{unitId}/rollups/{period}', function: 'query' },
  { method: 'GET', path: '/api/units/{unitId}/children/{period}', function: 'query' },
  { method: 'POST', path: '/api/submissions', function: 'submit' },
  { method: 'GET', path: '/api/units/{unitId}/submissions/{period}', function: 'query' },
  { method: 'GET', path: '/api/units/{unitId}/calendar/{year}', function: 'calendar' },
  { method: 'GET', path: '/api/units/{unitId}/notifications', function: 'query' },
  { method: 'PUT', path: '/api/units/{unitId}/calendar/{year}', function: 'calendar' },
  { method: 'POST', path: '/api/units/{unitId}/reviews/{period}', function: 'approval' },
  { method: 'POST', path: '/api/units/{unitId}/approvals/{period}', function: 'approval' },
  { method: 'GET', path: '/api/units/{unitId}/approvals/{period}', function: 'approval' },
  { method: 'POST', path: '/api/units/{unitId}/unlock-requests/{period}', function: 'approval' },
  { method: 'POST', path: '/api/units/{unitId}/unlock-requests/{period}/{id}', function: 'approval' },
  { method: 'GET', path: '/form', function: 'form' },
  { method: 'POST', path: '/form', function: 'form' },
  { method: 'GET', path: '/dashboard', function: 'dashboard' },
  { method: 'GET', path: '/dashboard/live', function: 'dashboard' },
  { method: 'POST', path: '/dashboard/resend', function: 'dashboard' },
  { method: 'POST', path: '/api/units/{unitId}/subscriptions', function: 'subscriptions' },
  { method: 'GET', path: '/api/units/{unitId}/subscriptions', function: 'subscriptions' },
  { method: 'DELETE', path: '/api/units/{unitId}/subscriptions/{id}', function: 'subscriptions' },
  { method: 'GET', path: '/unsubscribe', function: 'subscriptions' },
  { method: 'POST', path: '/unsubscribe', function: 'subscriptions' },
];

/** Match a concrete path against a route path; returns the path parameters or null. */
export const matchRoutePath = (routePath: string, path: string): Record<string, string> | null => {
  const want = routePath.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith('{') && w.endsWith('}')) {
      if (g === '') return null;
      // A malformed escape (`%E0%A4%A`) stays as sent: the handler's parameter check refuses it with 400.
      let value = g;
      try {
        value = decodeURIComponent(g);
      } catch {}
      params[w.slice(1, -1)] = value;
    } else if (w !== g) {
      return null;
    }
  }
  return params;
};
