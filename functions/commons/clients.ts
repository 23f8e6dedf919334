/**
 * Module-level DynamoDB clients, created once per execution environment. Endpoints come from the
 * standard SDK configuration (AWS_ENDPOINT_URL_DYNAMODB), so the same code talks to AWS or to the
 * local runtime. Other services' clients live in their own modules (event-bus-client.ts, mail.ts):
 * every function loads this one, and loading an SDK client it never calls costs cold-start time.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const dynamoDbClient = new DynamoDBClient({ maxAttempts: 6 });
export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true },
});
