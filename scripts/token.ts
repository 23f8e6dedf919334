/**
 * `npm run -s token -- --unit <unitId> --role school|leader [--sub name] [--expires 90d]`
 * prints a signed bearer token and nothing else.
 */
import '../local/quiet-sdk.ts';
import { parseArgs } from 'node:util';
import { signToken } from '../functions/commons/auth.ts';
import { localJwtSecret } from '../local/secret.ts';
import { TokenClaimsSchema } from '../schemas/auth.ts';

const { values } = parseArgs({
  options: {
    unit: { type: 'string' },
    role: { type: 'string' },
    sub: { type: 'string' },
    expires: { type: 'string', default: '90d' },
  },
});

const claims = TokenClaimsSchema.safeParse({ unit: values.unit, role: values.role, sub: values.sub ?? `${values.role}-${values.unit}` });
if (!claims.success) {
  console.error('usage: npm run -s token -- --unit <unitId> --role school|leader [--sub name] [--expires 90d]');
  process.exit(2);
}
process.stdout.write(`${await signToken(claims.data, new TextEncoder().encode(localJwtSecret()), values.expires)}\n`);
