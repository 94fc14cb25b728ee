// Page sizes after a timeout. A page that timed out is asked for again at half the size; the
// rows already read stay read, so the smaller size must divide every offset reached so far, or
// page numbers at the new size would skip or repeat rows.

/** No read is cut below this many rows per page: a timeout at 10 rows is not about size. */
export const MIN_PAGE_SIZE = 10;

/**
 * The largest size at most half of `size` (and at least `floor`) that divides every offset;
 * undefined when there is none, and the same request has to be retried as it is.
 */
export function halvedPageSize(
  size: number,
  offsets: Iterable<number> = [],
  floor = MIN_PAGE_SIZE,
): number | undefined {
  const reached = [...offsets];
  for (let candidate = Math.floor(size / 2); candidate >= floor; candidate--) {
    if (reached.every((offset) => offset % candidate === 0)) return candidate;
  }
  return undefined;
}
