/**
 * How a leader's browser carries its token. A dashboard link `…?t=<token>` is traded once for an
 * HttpOnly, SameSite=Strict cookie (the token then leaves the address bar, the history and the
 * referrers); later requests — the dashboard, its live poll, its resend buttons and the export
 * links — carry the cookie. API clients keep using `Authorization: Bearer …`.
 */
import type { TokenClaims } from '../../schemas/auth.ts';
import { verifyToken } from './auth.ts';
import { HttpError, type HttpEvent } from './http.ts';

/** Name of the dashboard's session cookie (its value is the leader's signed token). */
export const SESSION_COOKIE = 'tonghop_leader';

/** The longest a session cookie lives, whatever the token's own expiry (30 days). */
const MAX_SESSION_SECONDS = 30 * 24 * 3600;

/** Request cookies: API Gateway's payload 2.0 puts them in `event.cookies`; a raw `cookie` header also works. */
export const cookiesOf = (event: HttpEvent): Record<string, string> => {
  const pairs = event.cookies ?? (event.headers?.cookie ?? event.headers?.Cookie ?? '').split(';');
  const cookies: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      // a malformed cookie is ignored, not an error
    }
  }
  return cookies;
};

/** Where the caller's token came from: the Authorization header, a link's `?t=`, or the session cookie. */
export type CredentialSource = 'bearer' | 'link' | 'cookie';

export const credentialOf = (event: HttpEvent, accept: readonly CredentialSource[]): { token: string; source: CredentialSource } | undefined => {
  for (const source of accept) {
    if (source === 'bearer') {
      const header = event.headers?.authorization ?? event.headers?.Authorization;
      const match = header?.match(/^Bearer\s+(\S+)$/i);
      if (match?.[1]) return { token: match[1], source };
    } else if (source === 'link') {
      const t = event.queryStringParameters?.t;
      if (t) return { token: t, source };
    } else {
      const cookie = cookiesOf(event)[SESSION_COOKIE];
      if (cookie) return { token: cookie, source };
    }
  }
  return undefined;
};

/** The claims of a bearer token, a link token or the session cookie, in that order; 401 when none is valid. */
export const authenticateAny = async (event: HttpEvent): Promise<TokenClaims> => {
  const credential = credentialOf(event, ['bearer', 'link', 'cookie']);
  if (!credential) throw new HttpError(401, 'Thiếu mã truy cập (Authorization: Bearer …, ?t=… hoặc đăng nhập qua đường dẫn bảng điều khiển)');
  return verifyToken(credential.token);
};

/** Is this request served over HTTPS (API Gateway always; the local runtime over plain HTTP)? */
const isHttps = (event: HttpEvent): boolean => (event.headers?.['x-forwarded-proto'] ?? '').toLowerCase() === 'https';

/** The Set-Cookie value that stores a token for the dashboard, for as long as the token lives (≤ 30 days). */
export const sessionCookie = (event: HttpEvent, token: string, expiresAt: number | undefined, now: Date): string => {
  const remaining = expiresAt ? Math.floor(expiresAt - now.getTime() / 1000) : MAX_SESSION_SECONDS;
  const maxAge = Math.max(0, Math.min(MAX_SESSION_SECONDS, remaining));
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${isHttps(event) ? '; Secure' : ''}`;
};
