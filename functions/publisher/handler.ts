import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { getStringFromEnv } from '../commons/config.ts';
import { observe } from '../commons/observability.ts';
import { publishRecords } from './publish.ts';

const eventBusName = getStringFromEnv('EVENT_BUS_NAME');

/** Table stream → events on the bus (reportBatchItemFailures). */
export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(observe())
  .handler(async (event) => publishRecords(event.Records, eventBusName));
