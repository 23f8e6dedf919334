import { decodeProtectedHeader, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';

const OLD = 'old-signing-key-0123456789abcdef';
const NEW = 'new-signing-key-fedcba9876543210';
const claims = { sub: 't', unit: 'lao-cai', role: 'leader' } as const;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A fresh copy of auth.ts reading JWT_SECRET, as a new Lambda container would. */
const freshAuth = async (secret: string) => {
  process.env.JWT_SECRET = secret;
  vi.resetModules();
  return import('../../functions/commons/auth.ts');
};

describe('Given signing keys with a kid and a rotation', () => {
  const saved = process.env.JWT_SECRET;
  afterEach(() => {
    process.env.JWT_SECRET = saved;
  });

  it('when a token is signed, then its header carries the kid of the key (its fingerprint, not the key)', async () => {
    const auth = await freshAuth(OLD);
    const token = await auth.signToken(claims, bytes(OLD));
    const { kid } = decodeProtectedHeader(token);
    expect(kid).toBe(auth.keyId(bytes(OLD)));
    expect(kid).toMatch(/^[0-9a-f]{16}$/);
    expect(token).not.toContain(OLD);
    expect(await auth.verifyToken(token)).toMatchObject(claims);
  });

  it('when the secret lists the new key first and the old one after, then both verify and the new one signs', async () => {
    const before = await (await freshAuth(OLD)).signToken(claims, bytes(OLD));
    const during = await freshAuth(JSON.stringify({ keys: [NEW, OLD] }));
    expect(await during.verifyToken(before)).toMatchObject(claims);
    const signing = await during.signingKey();
    expect(new TextDecoder().decode(signing)).toBe(NEW);
    const fresh = await during.signToken(claims, signing);
    expect(await during.verifyToken(fresh)).toMatchObject(claims);

    const after = await freshAuth(JSON.stringify({ keys: [NEW] }));
    expect(await after.verifyToken(fresh)).toMatchObject(claims);
    await expect(after.verifyToken(before)).rejects.toMatchObject({ statusCode: 401 });
  });

  it('when a token has an unknown kid, a forged kid or no kid, then only a token a listed key signed passes', async () => {
    const auth = await freshAuth(JSON.stringify({ keys: [NEW, OLD] }));
    const withoutKid = await new SignJWT({ unit: 'lao-cai', role: 'leader' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('t')
      .setIssuer('tonghop')
      .setExpirationTime('1h')
      .sign(bytes(OLD));
    expect(await auth.verifyToken(withoutKid)).toMatchObject(claims);
    const stranger = await auth.signToken(claims, bytes('some-other-key-0000000000000000'));
    await expect(auth.verifyToken(stranger)).rejects.toMatchObject({ statusCode: 401 });
    // A token signed by an unlisted key but claiming a listed kid still fails its signature.
    const forged = await new SignJWT({ unit: 'lao-cai', role: 'leader' })
      .setProtectedHeader({ alg: 'HS256', kid: auth.keyId(bytes(NEW)) })
      .setSubject('t')
      .setIssuer('tonghop')
      .setExpirationTime('1h')
      .sign(bytes('some-other-key-0000000000000000'));
    await expect(auth.verifyToken(forged)).rejects.toMatchObject({ statusCode: 401 });
    await expect(auth.verifyToken('not.a.token')).rejects.toMatchObject({ statusCode: 401 });
    const expired = await auth.signToken(claims, bytes(NEW), '-1m');
    await expect(auth.verifyToken(expired)).rejects.toMatchObject({ statusCode: 401, message: 'Mã truy cập đã hết hạn' });
  });

  it('when the secret is malformed, then loading it fails with a clear message', async () => {
    expect((await freshAuth(OLD)).parseKeyring.bind(null, '{"keys":[]}')).toThrow(/at least 16 characters/);
    expect((await freshAuth(OLD)).parseKeyring('short-but-plain-key').map((k) => k.kid)).toHaveLength(1);
  });
});
