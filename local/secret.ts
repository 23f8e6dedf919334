/** The local JWT secret: TONGHOP_JWT_SECRET, else a git-ignored file made on first use. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const SECRET_FILE = resolve('.secrets/jwt-secret');

export const localJwtSecret = (file = SECRET_FILE): string => {
  const fromEnv = process.env.TONGHOP_JWT_SECRET;
  if (fromEnv) return fromEnv;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
};
