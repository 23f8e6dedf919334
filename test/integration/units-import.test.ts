import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../local/table.ts';

const dir = mkdtempSync(join(tmpdir(), 'units-import-'));
const units = [
  { id: 'tinh-a', name: 'Tỉnh A', kind: 'province', parentId: null },
  { id: 'xa-b', name: 'Xã B', kind: 'commune', parentId: 'tinh-a' },
  { id: 'th-c', name: 'Trường TH C', kind: 'school', parentId: 'xa-b', levels: ['TH'], ownership: 'public' },
];
const unitsFile = join(dir, 'units.json');
writeFileSync(unitsFile, JSON.stringify(units));
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/units-import.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

describe('CLI: npm run units:import', { timeout: 60_000 }, () => {
  it('given the outputs of `cdk deploy --outputs-file`, when run with --stage prod --dry-run, then it finds the stage’s table', () => {
    const outputs = join(dir, 'cdk-outputs.json');
    writeFileSync(
      outputs,
      JSON.stringify({ 'Tonghop-prod': { TableName: 'Tonghop-prod-TableCD117FA1-XYZ', Region: 'ap-southeast-1', JwtSecretArn: 'arn', ApiUrl: 'u' } }),
    );
    const result = run([unitsFile, '--stage', 'prod', '--outputs', outputs, '--dry-run']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('3 units (1 province, 1 commune, 1 school) would go to Tonghop-prod-TableCD117FA1-XYZ');
    const other = run([unitsFile, '--stage', 'dev', '--outputs', outputs, '--dry-run']);
    expect(other.status).not.toBe(0);
    expect(other.stderr).toContain('npx cdk deploy -c stage=dev --outputs-file');
  });

  it('given a file that is not a unit tree, then it refuses with the path of the fault', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ id: 'X!', name: 'x', kind: 'school', parentId: null }]));
    const result = run([bad, '--table', 't']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('0.id');
  });

  it('given a table, when the tree is imported twice, then every unit is stored once with its ancestors', async () => {
    const endpoint = inject('dynamoEndpoint');
    const env = { AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_REGION: 'ap-southeast-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
    const client = new DynamoDBClient({ endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const table = `units-import-${Date.now()}`;
    await ensureTable(client, table);
    for (let i = 0; i < 2; i++) {
      const result = run([unitsFile, '--table', table], env);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain(`3 units (1 province, 1 commune, 1 school) written to ${table}`);
    }
    const school = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'UNIT#th-c' }, sk: { S: 'META' } } }));
    expect(school.Item?.ancestors?.L?.map((a) => a.S)).toEqual(['tinh-a', 'xa-b']);
  });
});
