/**
 * For command-line tools: reach the table of the running local system (from .data/runtime.json)
 * unless TABLE_NAME and the AWS settings already point somewhere (the cloud). Exits with a clear
 * message when there is no table to talk to.
 */
import { existsSync, readFileSync } from 'node:fs';

export const connectToTable = (dataDir: string): string => {
  const runtimeFile = `${dataDir}/runtime.json`;
  if (!process.env.TABLE_NAME && existsSync(runtimeFile)) {
    const runtime = JSON.parse(readFileSync(runtimeFile, 'utf8')) as { tableName: string; dynamoEndpoint: string };
    Object.assign(process.env, {
      TABLE_NAME: runtime.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamoEndpoint,
      AWS_REGION: process.env.AWS_REGION ?? 'ap-southeast-1',
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    });
  }
  if (!process.env.TABLE_NAME) {
    console.error('No table: start the local system (npm start) or set TABLE_NAME (and AWS credentials) for the cloud.');
    process.exit(2);
  }
  return process.env.TABLE_NAME;
};
