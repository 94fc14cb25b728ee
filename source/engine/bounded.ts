// Work over a list with at most `limit` items in flight, started in list order. Used where the
// records are independent of each other (inventory items): one at a time, a 60,000-item
// inventory took a quarter of an hour at 70 items/s; the Splynx client's own limiter still caps
// what reaches Splynx.

/**
 * Runs `work` for each item until `stopping()` says so. The first error stops new starts; the
 * ones in flight finish (their outcomes are journaled), then that first error is thrown.
 */
export async function forEachBounded<T>(
  items: Iterable<T>,
  limit: number,
  stopping: () => boolean,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for (const item of items) {
    while (running.size >= Math.max(1, limit)) await Promise.race(running);
    if (failure || stopping()) break;
    const task: Promise<void> = work(item)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => running.delete(task));
    running.add(task);
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}
