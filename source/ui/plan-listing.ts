// What `plan` prints per phase for a person: each entity's planned actions, then the first records
// it would create (all of them are `planned` events under --json). Failing and blocked records are
// printed as they come, with their reasons (plain-log.ts).
import type { EngineEvent, PlannedAction } from '../engine/events.js';

/** Records listed per entity before "… and N more". */
export const LISTED = 20;

type Planned = Extract<EngineEvent, { type: 'planned' }>;

interface EntityPlan {
  counts: Partial<Record<PlannedAction, number>>;
  creates: string[];
}

export class PlanListing {
  private entities = new Map<string, EntityPlan>();

  add(event: Planned): void {
    let row = this.entities.get(event.entity);
    if (!row) {
      row = { counts: {}, creates: [] };
      this.entities.set(event.entity, row);
    }
    row.counts[event.action] = (row.counts[event.action] ?? 0) + 1;
    if (event.action === 'create' && row.creates.length < LISTED) row.creates.push(event.label);
  }

  /** The phase's lines; the listing starts afresh for the next phase. */
  flush(): string[] {
    const lines: string[] = [];
    for (const [entity, row] of this.entities) {
      const parts = Object.entries(row.counts).map(([action, n]) => `${action} ${n}`);
      lines.push(`   ${entity}: would ${parts.join(', ')}`);
      const creates = row.counts.create ?? 0;
      for (const label of row.creates) lines.push(`     + ${label}`);
      if (creates > row.creates.length) {
        lines.push(`     … and ${creates - row.creates.length} more (every one with --json)`);
      }
    }
    this.entities = new Map();
    return lines;
  }
}
