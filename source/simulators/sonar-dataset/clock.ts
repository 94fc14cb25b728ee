// Dataset time is counted in whole days since the Unix epoch plus a quarter-hour slot, relative to a
// fixed reference date, so output never depends on when the generator runs. Formatted strings are
// cached: at 100,000 accounts the same few hundred thousand timestamps repeat millions of times.

export const DAY_MS = 86_400_000;

/** 2026-01-01, the dataset's "today": every timestamp lies before it. */
export const REFERENCE_DAY = Date.UTC(2026, 0, 1) / DAY_MS;
export const REFERENCE_DATE = '2026-01-01';

/** Quarter-hour slots per day: the resolution of every Datetime in the dataset. */
export const SLOTS_PER_DAY = 96;

export function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** Days outside [CACHE_FIRST_DAY, REFERENCE_DAY] are formatted but not cached. */
const CACHE_FIRST_DAY = Date.UTC(2017, 0, 1) / DAY_MS;

const CACHE_DAYS = REFERENCE_DAY - CACHE_FIRST_DAY + 1;

export class Clock {
  // Preallocated arrays indexed by offset from CACHE_FIRST_DAY: cheaper than Maps at this volume,
  // and filled up front so V8 keeps them in fast (non-dictionary) mode.
  private readonly dates: (string | undefined)[] = new Array(CACHE_DAYS).fill(undefined);
  private readonly datetimes: (string | undefined)[] = new Array(CACHE_DAYS * SLOTS_PER_DAY).fill(
    undefined,
  );

  /** `YYYY-MM-DD` for an epoch day. */
  date(day: number): string {
    const index = day - CACHE_FIRST_DAY;
    const cached = index >= 0 && index < CACHE_DAYS;
    let text = cached ? this.dates[index] : undefined;
    if (text === undefined) {
      text = new Date(day * DAY_MS).toISOString().slice(0, 10);
      if (cached) this.dates[index] = text;
    }
    return text;
  }

  /** ISO 8601 with offset for an epoch day and quarter-hour slot (0–95). */
  datetime(day: number, slot: number): string {
    const index = (day - CACHE_FIRST_DAY) * SLOTS_PER_DAY + slot;
    const cached = index >= 0 && index < CACHE_DAYS * SLOTS_PER_DAY;
    let text = cached ? this.datetimes[index] : undefined;
    if (text === undefined) {
      text = `${this.date(day)}T${pad2(slot >> 2)}:${pad2((slot & 3) * 15)}:00+00:00`;
      if (cached) this.datetimes[index] = text;
    }
    return text;
  }

  /** A datetime from a combined key `day * SLOTS_PER_DAY + slot`. */
  at(key: number): string {
    return this.datetime(Math.floor(key / SLOTS_PER_DAY), key % SLOTS_PER_DAY);
  }
}

export function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
