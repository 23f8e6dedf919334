/**
 * `npm run -s token -- --unit <unitId> --role school|leader [--sub name] [--expires 90d] [--import] [--stage dev|prod [--outputs cdk-outputs.json]]`
 * prints a signed bearer token and nothing else. With --stage it signs with the cloud key: the
 * first key of the stage's JWT secret in Secrets Manager (its ARN from the stack outputs).
 * --import marks a school token as an import of historical figures: past the lock date, recorded as such.
 */
import '../local/quiet-sdk.ts';
import { parseArgs } from 'node:util';
import { parseKeyring, signToken } from '../functions/commons/auth.ts';
import { localJwtSecret } from '../local/secret.ts';
import { TokenClaimsSchema } from '../schemas/auth.ts';
import { stackOutputs, useStageRegion } from './stack-outputs.ts';

const { values } = parseArgs({
  options: {
    unit: { type: 'string' },
    role: { type: 'string' },
    sub: { type: 'string' },
    expires: { type: 'string', default: '90d' },
    stage: { type: 'string' },
    outputs: { type: 'string' },
    import: { type: 'boolean', default: false },
  },
});

const claims = TokenClaimsSchema.safeParse({
  unit: values.unit,
  role: values.role,
  sub: values.sub ?? `${values.role}-${values.unit}`,
  ...(values.import ? { import: true } : {}),
});
if (!claims.success) {
  console.error('usage: npm run -s token -- --unit <unitId> --role school|leader [--sub name] [--expires 90d] [--import]');
  process.exit(2);
}
const cloudKey = async (stage: string): Promise<Uint8Array> => {
  const outputs = stackOutputs(stage, values.outputs);
  useStageRegion(outputs);
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: outputs.JwtSecretArn }));
  const [signing] = parseKeyring(secret.SecretString ?? '');
  if (!signing) throw new Error('The JWT secret is empty');
  return signing.key;
};
const key = values.stage ? await cloudKey(values.stage) : (parseKeyring(localJwtSecret())[0]?.key as Uint8Array);
process.stdout.write(`${await signToken(claims.data, key, values.expires)}\n`);
