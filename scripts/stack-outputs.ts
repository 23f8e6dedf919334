/**
 * The outputs of a deployed stage, read from the file `cdk deploy --outputs-file` writes
 * (default cdk-outputs.json): `{ "Tonghop-prod": { "TableName": …, "JwtSecretArn": …, "Region": … } }`.
 * No CloudFormation client needed; the file is written by the deploy that made the stack.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface StackOutputs {
  TableName: string;
  JwtSecretArn: string;
  ApiUrl: string;
  Region: string;
  [key: string]: string;
}

export const DEFAULT_OUTPUTS_FILE = 'cdk-outputs.json';

export const stackOutputs = (stage: string, file = DEFAULT_OUTPUTS_FILE): StackOutputs => {
  const deploy = `npx cdk deploy -c stage=${stage} --outputs-file ${file}`;
  if (!existsSync(file)) throw new Error(`${file} not found: deploy with \`${deploy}\` (or pass --outputs <file>)`);
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Partial<StackOutputs>>;
  const outputs = all[`Tonghop-${stage}`];
  if (!outputs?.TableName || !outputs.Region) throw new Error(`${file} has no outputs of stack Tonghop-${stage}: deploy with \`${deploy}\``);
  return outputs as StackOutputs;
};

/** Point the AWS SDK at the stage's region (credentials come from the usual AWS profile or environment). */
export const useStageRegion = (outputs: StackOutputs): void => {
  process.env.AWS_REGION = outputs.Region;
};
