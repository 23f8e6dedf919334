/**
 * The one definition of the tonghop table. The CDK stack deploys it and the local runtime
 * creates it in DynamoDB Local from the same object, so both always agree.
 */
export const TABLE = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  /** Children of a unit: gsi1pk = `CHILDREN#<parentId>` (or `CHILDREN#ROOT`), gsi1sk = unit id. */
  globalSecondaryIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
    },
  ],
  /** The stream feeds the publisher: every stored submission version becomes an event. */
  streamViewType: 'NEW_IMAGE',
} as const;

export type AttributeType = 'S' | 'N' | 'B';
