// Dataset time is counted in whole days since the Unix epoch plus a quarter-hour slot, relative to a
// fixed reference date, so output never depends on when the generator runs. Formatted strings are
// cached: at 100,000 accounts the same few hundred thousand timestamps repeat millions of times.

const DAY_MS = 86_400_000;

/** 2026-01-01, the dataset's "today": every timestamp lies before it. */
export const REFERENCE_DAY = Date.UTC(2026, 0, 1) / DAY_MS;
export const REFERENCE_DATE = '2026-01-01';

/** Quarter-hour slots per day: the resolution of every Datetime in the dataset. */
export const SLOTS_PER_DAY = 96;

export function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export class Clock {
  private readonly dates = new Map<number, string>();
  private readonly datetimes = new Map<number, string>();

  /** `YYYY-MM-DD` for an epoch day. */
  date(day: number): string {
    let text = this.dates.get(day);
    if (text === undefined) {
      text = new Date(day * DAY_MS).toISOString().slice(0, 10);
      this.dates.set(day, text);
    }
    return text;
  }

  /** ISO 8601 with offset for an epoch day and quarter-hour slot (0–95). */
  datetime(day: number, slot: number): string {
    const key = day * SLOTS_PER_DAY + slot;
    let text = this.datetimes.get(key);
    if (text === undefined) {
      text = `${this.date(day)}T${pad2(slot >> 2)}:${pad2((slot & 3) * 15)}:00+00:00`;
      this.datetimes.set(key, text);
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
