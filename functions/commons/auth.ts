/**
 * Bearer tokens: JWT HS256 made and checked with jose. The secret comes from JWT_SECRET
 * (local runtime, tests) or from Secrets Manager by JWT_SECRET_ARN (the stack).
 */

import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { type TokenClaims, TokenClaimsSchema } from '../../schemas/auth.ts';
import type { UnitItem } from '../../schemas/unit.ts';
import { HttpError, type HttpEvent } from './http.ts';

const ISSUER = 'tonghop';
let secretPromise: Promise<Uint8Array> | undefined;

const loadSecret = async (): Promise<Uint8Array> => {
  const direct = process.env.JWT_SECRET;
  if (direct) return new TextEncoder().encode(direct);
  const arn = process.env.JWT_SECRET_ARN;
  if (!arn) throw new Error('Missing environment variable JWT_SECRET or JWT_SECRET_ARN');
  const client = new SecretsManagerClient({});
  const answer = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (!answer.SecretString) throw new Error('The JWT secret is empty');
  return new TextEncoder().encode(answer.SecretString);
};

const secret = (): Promise<Uint8Array> => {
  secretPromise ??= loadSecret().catch((error: unknown) => {
    secretPromise = undefined;
    throw error;
  });
  return secretPromise;
};

/** The signing key, for functions that issue links (reminders carry a form link). */
export const signingKey = (): Promise<Uint8Array> => secret();

export const signToken = async (claims: TokenClaims, key: Uint8Array, expiresIn = '90d'): Promise<string> =>
  new SignJWT({ unit: claims.unit, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);

export const verifyToken = async (token: string): Promise<TokenClaims> => {
  try {
    const { payload } = await jwtVerify(token, await secret(), { issuer: ISSUER, algorithms: ['HS256'] });
    return TokenClaimsSchema.parse(payload);
  } catch (error) {
    const reason = error instanceof joseErrors.JWTExpired ? 'Mã truy cập đã hết hạn' : 'Mã truy cập không hợp lệ';
    throw new HttpError(401, reason);
  }
};

/** The caller's claims from `Authorization: Bearer …`; 401 when absent or invalid. */
export const authenticate = async (event: HttpEvent): Promise<TokenClaims> => {
  const header = event.headers?.authorization ?? event.headers?.Authorization;
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw new HttpError(401, 'Thiếu mã truy cập (Authorization: Bearer …)');
  return verifyToken(match[1]);
};

/**
 * May these claims read this unit? A school reads only itself; a leader reads its unit and
 * everything below it, never a sibling or an ancestor.
 */
export const canRead = (claims: TokenClaims, unit: Pick<UnitItem, 'id' | 'ancestors'> & Partial<Pick<UnitItem, 'periods'>>): boolean =>
  claims.unit === unit.id ||
  (claims.role === 'leader' &&
    (unit.ancestors.includes(claims.unit) || Object.values(unit.periods ?? {}).some((placement) => placement.ancestors.includes(claims.unit))));

export const assertCanRead = (claims: TokenClaims, unit: Pick<UnitItem, 'id' | 'ancestors'> & Partial<Pick<UnitItem, 'periods'>>): void => {
  if (!canRead(claims, unit)) throw new HttpError(403, 'Bạn không có quyền xem đơn vị này');
};

export type AuthenticatedEvent = HttpEvent & { claims?: TokenClaims };

/** Middleware: authenticate the caller before anything else reads the request. */
export const authMiddleware = <E extends AuthenticatedEvent>(): { before: (request: { event: E }) => Promise<void> } => {
  const authBefore = async (request: { event: E }): Promise<void> => {
    request.event.claims = await authenticate(request.event);
  };
  return { before: authBefore };
};

/** The claims set by authMiddleware. */
export const claimsOf = (event: AuthenticatedEvent): TokenClaims => {
  if (!event.claims) throw new HttpError(401, 'Thiếu mã truy cập (Authorization: Bearer …)');
  return event.claims;
};
