/**
 * The one retry helper of the functions: exponential backoff with jitter, used for transient
 * DynamoDB errors, lost optimistic-concurrency races and unprocessed batch items.
 */

/** DynamoDB errors that go away when retried with backoff (conflicts, throttling). */
export const isTransientDynamoError = (error: unknown): boolean =>
  ['TransactionConflictException', 'ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded'].includes(
    (error as { name?: string }).name ?? '',
  );

export interface Backoff {
  /** How many times to try in all (the first call included). */
  attempts: number;
  /** Wait before the second try; doubles every try. */
  baseMs: number;
  /** Upper bound of one wait (before jitter). */
  maxMs?: number;
  /** Random extra wait, so racing callers spread out. */
  jitterMs?: number;
}

/** Wait before try number `attempt` (0 is the first retry). */
export const backoff = (attempt: number, { baseMs, maxMs = Number.POSITIVE_INFINITY, jitterMs = 0 }: Backoff): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.min(maxMs, baseMs * 2 ** attempt) + Math.random() * jitterMs));

export interface RetryOptions extends Backoff {
  /** Whether an error is worth another try; anything else is thrown at once. */
  retryOn: (error: unknown) => boolean;
  /** The error to throw when every try failed (default: the last error). */
  exhausted?: (lastError: unknown) => Error;
}

/**
 * Call `run` until it succeeds, retrying with backoff the errors `retryOn` accepts. `run` gets the
 * number of the try (0 for the first).
 */
export const withRetry = async <T>(run: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> => {
  let lastError: unknown;
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    if (attempt > 0) await backoff(attempt - 1, options);
    try {
      return await run(attempt);
    } catch (error) {
      if (!options.retryOn(error)) throw error;
      lastError = error;
    }
  }
  throw options.exhausted ? options.exhausted(lastError) : lastError;
};

/**
 * Work through `items` in rounds: `step` handles what is pending and returns what is still
 * pending (unprocessed batch items, failed entries, versions that lost a race); it gets the round
 * number (0 for the first). Returns what is left after the last round.
 */
export const drain = async <T>(
  items: readonly T[],
  step: (pending: readonly T[], attempt: number) => Promise<readonly T[]>,
  options: Backoff,
): Promise<readonly T[]> => {
  let pending = items;
  for (let attempt = 0; attempt < options.attempts && pending.length > 0; attempt++) {
    if (attempt > 0) await backoff(attempt - 1, options);
    pending = await step(pending, attempt);
  }
  return pending;
};
