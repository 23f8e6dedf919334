/** Create the tonghop table in DynamoDB Local from the definition the stack deploys. */
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { TABLE } from '../platform/table.ts';

export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<{ streamArn: string; created: boolean }> => {
  try {
    const existing = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const arn = existing.Table?.LatestStreamArn;
    if (!arn) throw new Error(`Table ${tableName} has no stream`);
    return { streamArn: arn, created: false };
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const keyAttributes = [TABLE.partitionKey, TABLE.sortKey, ...TABLE.globalSecondaryIndexes.flatMap((gsi) => [gsi.partitionKey, gsi.sortKey])];
  const created = await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keyAttributes.map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
      KeySchema: [
        { AttributeName: TABLE.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((gsi) => ({
        IndexName: gsi.indexName,
        KeySchema: [
          { AttributeName: gsi.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: gsi.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.streamViewType },
    }),
  );
  const arn = created.TableDescription?.LatestStreamArn;
  if (!arn) throw new Error(`Table ${tableName} was created without a stream`);
  return { streamArn: arn, created: true };
};
