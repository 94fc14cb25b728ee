// The report needs two things the ledger does not keep: the suggested fixes of each failure and
// the records skipped without a ledger entry (a tariff Splynx has no kind for). The collector sits
// on the event stream of a run and keeps exactly those, so the report can be written at the end.
import type { EngineEvent, RecordFailure } from './events.js';

export interface SkippedRecord {
  entity: string;
  sonarId: string;
  label: string;
  reason: string;
}

export class ReportCollector {
  readonly failures: RecordFailure[] = [];
  readonly skipped: SkippedRecord[] = [];

  /** Wraps an event sink: every event still reaches `next`. */
  tap(next: (event: EngineEvent) => void): (event: EngineEvent) => void {
    return (event) => {
      this.observe(event);
      next(event);
    };
  }

  observe(event: EngineEvent): void {
    if (event.type === 'record-failed') {
      this.failures.push(event.failure);
    } else if (event.type === 'entity' && event.action === 'skipped' && event.reason) {
      this.skipped.push({
        entity: event.entity,
        sonarId: event.sonarId,
        label: event.label,
        reason: event.reason,
      });
    }
  }
}
