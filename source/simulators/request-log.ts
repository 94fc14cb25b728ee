// What a simulator saw, for tests and benchmarks: method, path, status, and the decoded body of
// writes (never the Authorization header). Bounded so a 100k-account run cannot exhaust memory.

export interface LoggedRequest {
  seq: number;
  at: number;
  method: string;
  /** Path plus query string, as received. */
  url: string;
  status: number;
  ms: number;
  /** Parsed JSON or form body of a write; GraphQL: `{query, variables}`. */
  body?: unknown;
  fault?: string;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;
  /** Counts survive trimming, so throughput figures stay exact. */
  readonly counts = { total: 0, byMethod: {} as Record<string, number> };

  constructor(private readonly limit = 10_000) {}

  add(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
    const full = { ...entry, seq: ++this.seq };
    this.counts.total++;
    this.counts.byMethod[entry.method] = (this.counts.byMethod[entry.method] ?? 0) + 1;
    this.entries.push(full);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return full;
  }

  list(filter?: (entry: LoggedRequest) => boolean): LoggedRequest[] {
    return filter ? this.entries.filter(filter) : [...this.entries];
  }

  clear(): void {
    this.entries = [];
    this.counts.total = 0;
    this.counts.byMethod = {};
  }
}
