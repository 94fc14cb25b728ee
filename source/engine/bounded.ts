// Work over a list with at most `limit` items in flight, started in list order: inventory items
// and customers. The Splynx client's own limiter still caps what reaches Splynx.

/**
 * Runs `work` for each item while `proceed()` says so (it may wait, e.g. out a pause). The first
 * error stops new starts; the ones in flight finish (their outcomes are journaled), then that
 * first error is thrown. An async list is read only as items are started.
 */
export async function forEachBounded<T>(
  items: Iterable<T> | AsyncIterable<T>,
  limit: number,
  proceed: () => boolean | Promise<boolean>,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for await (const item of items) {
    while (running.size >= Math.max(1, limit)) await Promise.race(running);
    if (failure || !(await proceed())) break;
    // proceed() may have waited out a pause while a running item failed.
    if (failure) break;
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
