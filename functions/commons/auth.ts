/**
 * Bearer tokens: JWT HS256 made and checked with jose. The keys come from JWT_SECRET (local
 * runtime, tests) or from Secrets Manager by JWT_SECRET_ARN (the stack).
 *
 * Key rotation: the secret is either one key (a plain string) or `{ "keys": ["<new>", "<old>"] }`.
 * The first key signs; every key listed verifies. Each token carries a `kid`, the fingerprint of
 * the key that signed it (first 16 hex digits of its SHA-256), so a verifier picks the right key
 * and reloads the secret when it meets a kid it does not know (at most once a minute, and in any
 * case every 10 minutes). Procedure: README, "Rotating the signing key".
 */

import { createHash } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { type TokenClaims, TokenClaimsSchema } from '../../schemas/auth.ts';
import type { UnitItem } from '../../schemas/unit.ts';
import { HttpError, type HttpEvent } from './http.ts';

const ISSUER = 'tonghop';
const KEYRING_TTL_MS = 10 * 60_000;
const UNKNOWN_KID_RELOAD_MS = 60_000;

export interface SigningKey {
  readonly kid: string;
  readonly key: Uint8Array;
}

/** The kid of a key: the first 16 hex digits of its SHA-256 (the key itself never leaves). */
export const keyId = (key: Uint8Array): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

/** One key (plain text) or `{ "keys": [signing key, other accepted keys…] }`. */
export const parseKeyring = (text: string): SigningKey[] => {
  const trimmed = text.trim();
  let keys: unknown = [trimmed];
  if (trimmed.startsWith('{')) keys = (JSON.parse(trimmed) as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.some((k) => typeof k !== 'string' || k.length < 16)) {
    throw new Error('The JWT secret must be one key of at least 16 characters or { "keys": [signing key, accepted keys…] }');
  }
  return keys.map((k: string) => {
    const key = new TextEncoder().encode(k);
    return { kid: keyId(key), key };
  });
};

const loadKeyring = async (): Promise<SigningKey[]> => {
  const direct = process.env.JWT_SECRET;
  if (direct) return parseKeyring(direct);
  const arn = process.env.JWT_SECRET_ARN;
  if (!arn) throw new Error('Missing environment variable JWT_SECRET or JWT_SECRET_ARN');
  // Loaded on first use: a function that never checks a token never pays for this client.
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const answer = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  if (!answer.SecretString) throw new Error('The JWT secret is empty');
  return parseKeyring(answer.SecretString);
};

let keyringPromise: Promise<SigningKey[]> | undefined;
let loadedAt = 0;

const keyring = (reload = false): Promise<SigningKey[]> => {
  if (reload || !keyringPromise || performance.now() - loadedAt > KEYRING_TTL_MS) {
    loadedAt = performance.now();
    keyringPromise = loadKeyring().catch((error: unknown) => {
      keyringPromise = undefined;
      throw error;
    });
  }
  return keyringPromise;
};

/** The signing key (the first of the keyring), for functions that issue links (reminders carry a form link). */
export const signingKey = async (): Promise<Uint8Array> => {
  const [first] = await keyring();
  if (!first) throw new Error('The JWT keyring is empty');
  return first.key;
};

/** Sign claims; the header's kid is the key's fingerprint. */
export const signToken = async (claims: TokenClaims, key: Uint8Array, expiresIn = '90d'): Promise<string> =>
  new SignJWT({ unit: claims.unit, role: claims.role, ...(claims.import ? { import: true } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: keyId(key) })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);

/** The keys that may have signed a token: the one its kid names (reloading once if unknown), or all for a token without kid. */
const candidateKeys = async (kid: string | undefined): Promise<SigningKey[]> => {
  let ring = await keyring();
  if (!kid) return ring;
  let found = ring.filter((k) => k.kid === kid);
  if (found.length === 0 && performance.now() - loadedAt > UNKNOWN_KID_RELOAD_MS) {
    ring = await keyring(true);
    found = ring.filter((k) => k.kid === kid);
  }
  return found;
};

export const verifyToken = async (token: string): Promise<TokenClaims> => {
  let expired = false;
  try {
    const { kid } = decodeProtectedHeader(token);
    for (const { key } of await candidateKeys(kid)) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'] });
        return TokenClaimsSchema.parse(payload);
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) expired = true;
      }
    }
  } catch {
    // A malformed token: refused below like any other.
  }
  throw new HttpError(401, expired ? 'Mã truy cập đã hết hạn' : 'Mã truy cập không hợp lệ');
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
