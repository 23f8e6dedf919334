/**
 * Signed one-click unsubscribe links (RFC 8058). The token is a JWT signed with the same key as
 * bearer tokens, but with its own audience, so it can never act as a bearer token (and a bearer
 * token can never unsubscribe anyone). It names the address and what it unsubscribes from: the
 * subscriptions that produced the email and the units whose contact address it went to.
 */
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

const ISSUER = 'tonghop';
const AUDIENCE = 'unsubscribe';

export const UnsubscribeClaimsSchema = z.object({
  email: z.string(),
  /** `unitId/subscriptionId` of each subscription. */
  subs: z.array(z.string()).default([]),
  /** Units whose contact address this is. */
  contacts: z.array(z.string()).default([]),
});
export type UnsubscribeClaims = z.infer<typeof UnsubscribeClaimsSchema>;

export const signUnsubscribe = async (claims: UnsubscribeClaims, key: Uint8Array): Promise<string> =>
  new SignJWT({ email: claims.email, subs: claims.subs, contacts: claims.contacts })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('365d')
    .sign(key);

/** The claims of a valid unsubscribe token, or undefined. */
export const verifyUnsubscribe = async (token: string, key: Uint8Array): Promise<UnsubscribeClaims | undefined> => {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    return UnsubscribeClaimsSchema.parse(payload);
  } catch {
    return undefined;
  }
};

export const unsubscribeUrl = (publicUrl: string, token: string): string => `${publicUrl}/unsubscribe?t=${token}`;
