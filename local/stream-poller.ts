/**
 * The local event source mapping: reads the table's stream in DynamoDB Local, applies the same
 * filters as the deployed mapping, invokes the handler with a DynamoDBStreamEvent, honours
 * batchItemFailures (retry from that record) and checkpoints after each successful batch, so
 * a restart resumes where it stopped: at least once, never lost.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { EventPattern } from '../platform/events.ts';
import { matchesPattern } from './event-pattern.ts';

type SdkAttributeValue = Record<string, unknown>;

/**
 * The Streams SDK gives an empty map as `{}` where Lambda's event has `{ "M": {} }`: put the type
 * back, at every depth, so the handler sees what it sees in the cloud.
 */
export const asLambdaValue = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  const v = value as SdkAttributeValue;
  const keys = Object.keys(v).filter((k) => v[k] !== undefined && k !== '$unknown');
  if (keys.length === 0) return { M: {} };
  if ('M' in v && v.M) return { M: asLambdaImage(v.M as Record<string, unknown>) };
  if ('L' in v && Array.isArray(v.L)) return { L: v.L.map(asLambdaValue) };
  return Object.fromEntries(keys.map((k) => [k, v[k]]));
};

export const asLambdaImage = (image: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(image).map(([name, value]) => [name, asLambdaValue(value)]));

export interface StreamPollerOptions {
  client: DynamoDBStreamsClient;
  streamArn: string;
  filters: readonly EventPattern[];
  /** Failed attempts after which a record is set aside (the deployed mapping's on-failure destination). */
  maxRetries: number;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  batchSize?: number;
  intervalMs?: number;
  /** Hand every batch to the handler this many times (chaos: at-least-once made visible). */
  deliveries?: number;
  /** Where checkpoints survive restarts; memory only when absent. */
  checkpointFile?: string;
  log?: (message: string, data?: Record<string, unknown>) => void;
}

interface ShardState {
  lastSequence?: string;
  finished?: boolean;
}

export class StreamPoller {
  private checkpoints: Record<string, ShardState> = {};
  private iterators = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Records handed to the handler (for progress and tests). */
  processed = 0;
  /** Records handed to the handler, every copy counted (see `deliveries`). */
  delivered = 0;
  /** Records set aside after maxRetries failed attempts (the mapping's on-failure destination). */
  readonly deadLetters: { sequenceNumber: string; record: DynamoDBRecord }[] = [];
  private failures = new Map<string, number>();

  constructor(private readonly options: StreamPollerOptions) {
    if (options.checkpointFile && existsSync(options.checkpointFile)) {
      this.checkpoints = JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Record<string, ShardState>;
    }
  }

  start(): void {
    const tick = async (): Promise<void> => {
      if (this.stopped) return;
      this.running = this.pollOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.options.log?.('stream poll failed', { error: String(error) }));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.options.intervalMs ?? 100);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private saveCheckpoints(): void {
    const file = this.options.checkpointFile;
    if (!file) return;
    writeFileSync(`${file}.tmp`, JSON.stringify(this.checkpoints));
    renameSync(`${file}.tmp`, file);
  }

  private lock: Promise<unknown> = Promise.resolve();

  /** One pass over every open shard, parents before children (one pass at a time). Returns the number of records read. */
  pollOnce(): Promise<number> {
    const run = this.lock.then(() => this.pass());
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async pass(): Promise<number> {
    const { client, streamArn } = this.options;
    const shards = [];
    let start: string | undefined;
    do {
      const answer = await client.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
      shards.push(...(answer.StreamDescription?.Shards ?? []));
      start = answer.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    shards.sort((a, b) =>
      BigInt(a.SequenceNumberRange?.StartingSequenceNumber ?? '0') < BigInt(b.SequenceNumberRange?.StartingSequenceNumber ?? '0') ? -1 : 1,
    );
    let read = 0;
    for (const shard of shards) {
      const shardId = shard.ShardId as string;
      this.checkpoints[shardId] ??= {};
      const state = this.checkpoints[shardId];
      if (state.finished) continue;
      const parent = shard.ParentShardId ? this.checkpoints[shard.ParentShardId] : undefined;
      if (parent && !parent.finished && shards.some((s) => s.ShardId === shard.ParentShardId)) continue;
      read += await this.pollShard(shardId, state);
      if (this.stopped) break;
    }
    return read;
  }

  private async iteratorFor(shardId: string, state: ShardState): Promise<string | undefined> {
    const cached = this.iterators.get(shardId);
    if (cached) return cached;
    const answer = await this.options.client.send(
      new GetShardIteratorCommand({
        StreamArn: this.options.streamArn,
        ShardId: shardId,
        ...(state.lastSequence ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: state.lastSequence } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return answer.ShardIterator;
  }

  private async pollShard(shardId: string, state: ShardState): Promise<number> {
    const iterator = await this.iteratorFor(shardId, state);
    if (!iterator) {
      state.finished = true;
      this.saveCheckpoints();
      return 0;
    }
    let records: StreamRecord[];
    let next: string | undefined;
    try {
      const answer = await this.options.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize ?? 100 }));
      records = answer.Records ?? [];
      next = answer.NextShardIterator;
    } catch (error) {
      if (error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException) {
        this.iterators.delete(shardId);
        return 0;
      }
      throw error;
    }
    if (records.length > 0) {
      const delivered = await this.deliver(shardId, records);
      if (delivered < records.length) {
        // Retry from the first record that failed: drop the iterator so the next poll re-reads from the checkpoint.
        // Report what was read, not what was delivered: a failed batch is activity, not quiet.
        this.iterators.delete(shardId);
        return records.length;
      }
    }
    if (next) this.iterators.set(shardId, next);
    else {
      this.iterators.delete(shardId);
      state.finished = true;
      this.saveCheckpoints();
    }
    return records.length;
  }

  /** Invoke the handler on the filtered batch; checkpoint what succeeded. Returns how many records are done. */
  private async deliver(shardId: string, records: StreamRecord[]): Promise<number> {
    const asLambda = records.map(
      (record) =>
        ({
          eventID: record.eventID,
          eventName: record.eventName,
          eventVersion: record.eventVersion,
          eventSource: 'aws:dynamodb',
          awsRegion: record.awsRegion,
          eventSourceARN: this.options.streamArn,
          dynamodb: {
            ...record.dynamodb,
            ...(record.dynamodb?.Keys ? { Keys: asLambdaImage(record.dynamodb.Keys) } : {}),
            ...(record.dynamodb?.NewImage ? { NewImage: asLambdaImage(record.dynamodb.NewImage) } : {}),
            ...(record.dynamodb?.OldImage ? { OldImage: asLambdaImage(record.dynamodb.OldImage) } : {}),
            ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime
              ? Math.floor(new Date(record.dynamodb.ApproximateCreationDateTime).getTime() / 1000)
              : undefined,
          },
        }) as DynamoDBRecord,
    );
    const wanted = asLambda.filter((record) => this.options.filters.some((filter) => matchesPattern(filter, record)));
    let done = records.length;
    if (wanted.length > 0) {
      try {
        let answer: DynamoDBBatchResponse | undefined;
        for (let copy = 0; copy < (this.options.deliveries ?? 1); copy++) {
          this.delivered += wanted.length;
          answer = await this.options.handler({ Records: structuredClone(wanted) });
        }
        const failure = answer?.batchItemFailures?.[0]?.itemIdentifier;
        if (failure)
          done = Math.max(
            0,
            asLambda.findIndex((record) => record.dynamodb?.SequenceNumber === failure),
          );
      } catch (error) {
        this.options.log?.('stream handler failed, batch will be retried', { error: String(error) });
        done = 0;
      }
    }
    // Like the deployed mapping (bounded retries, then its on-failure destination): a record that
    // keeps failing is set aside after maxRetries, so it cannot block its shard forever.
    if (done < records.length) {
      const stuck = records[done]?.dynamodb?.SequenceNumber ?? '';
      const attempts = (this.failures.get(stuck) ?? 0) + 1;
      this.failures.set(stuck, attempts);
      if (attempts >= this.options.maxRetries) {
        this.deadLetters.push({ sequenceNumber: stuck, record: asLambda[done] as DynamoDBRecord });
        this.options.log?.('stream record set aside after retries', { sequenceNumber: stuck, attempts });
        this.failures.delete(stuck);
        done++;
      }
    }
    this.processed += done;
    const last = done > 0 ? records[done - 1]?.dynamodb?.SequenceNumber : undefined;
    if (last) {
      this.checkpoints[shardId] ??= {};
      this.checkpoints[shardId].lastSequence = last;
      this.saveCheckpoints();
    }
    return done;
  }
}
