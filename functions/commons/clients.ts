/**
 * Module-level AWS clients, created once per execution environment. Endpoints come from the
 * standard SDK configuration (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_EVENTBRIDGE), so the
 * same code talks to AWS or to the local runtime.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const dynamoDbClient = new DynamoDBClient({ maxAttempts: 6 });
export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true },
});
export const eventBridgeClient = new EventBridgeClient({ maxAttempts: 6 });
