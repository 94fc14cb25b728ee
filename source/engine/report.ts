// Each migration leaves report.json, report.md, failures.csv and ids.csv in its state folder:
// totals per phase and entity, failures grouped by cause and each with its record, field, message
// and fix, skipped records with reasons, verification results, duration and rate. failures.csv
// starts with `account_id`, `entity`, `sonar_id`, so it can be fed back as `--customers-from`
// (accounts) or `--records-from` (every row, selection.ts). ids.csv maps every migrated Sonar
// record to the Splynx record it became, so "check it in Splynx" leads somewhere.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import type { PhaseId } from '../command-line.js';
import type { FailureKind } from '../errors.js';
import type { Redactor } from '../redact.js';
import { writeFileAtomic } from '../state/durable-fs.js';
import type { EntityRecord, MigrationView, StoredError } from '../state/index.js';
import { phaseOfEntity } from './entity-phase.js';
import type { RecordFailure, RunSummary } from './events.js';
import type { SkippedRecord } from './report-collector.js';
import { renderMarkdown } from './report-markdown.js';
import type { VerifyResult } from './verify-result.js';

/** What a report reads of a migration: a MigrationView, or the Migration a run still holds. */
export type ReportSource = Pick<
  MigrationView,
  | 'id'
  | 'dir'
  | 'status'
  | 'createdAt'
  | 'updatedAt'
  | 'lastError'
  | 'records'
  | 'counts'
  | 'pendingIntents'
  | 'activeMs'
>;

export interface ReportExtra {
  redactor: Redactor;
  /** The run's summary: its request counts, and its duration (the migration's, every run summed). */
  summary?: RunSummary;
  /** Failures as the run explained them (ReportCollector): they carry the suggested fixes. */
  failures?: readonly FailureNote[];
  /** Records skipped without a ledger entry (ReportCollector). */
  skipped?: readonly SkippedRecord[];
  verification?: VerifyResult;
  now?: () => Date;
}

/** What a report needs of a RecordFailure (an earlier report's failures qualify too). */
export type FailureNote = Pick<
  RecordFailure,
  'entity' | 'sonarId' | 'label' | 'kind' | 'field' | 'message' | 'splynxMessage' | 'fixes'
>;

export interface ReportPaths {
  json: string;
  markdown: string;
  failuresCsv: string;
  idsCsv: string;
}

export type ReportPhase = PhaseId | 'other';

export interface EntityTotals {
  phase: ReportPhase;
  entity: string;
  created: number;
  adopted: number;
  skipped: number;
  failed: number;
  blocked: number;
  rolledBack: number;
}

export interface ReportFailure {
  /** The Sonar account the failure belongs to, when there is one (for --customers-from). */
  accountId?: string;
  entity: string;
  sonarId: string;
  label: string;
  action: 'failed' | 'blocked';
  kind: FailureKind;
  field?: string;
  message: string;
  splynxMessage?: string;
  fixes: string[];
}

/** Failures that share one cause (same entity, rule and fix): fixing it fixes all of them. */
export interface FailureGroup {
  /** The shared message, with each record's own id and label left out. */
  cause: string;
  entity: string;
  action: 'failed' | 'blocked';
  field?: string;
  fixes: string[];
  count: number;
  records: Array<{ sonarId: string; label: string; accountId?: string }>;
}

export interface MigrationReport {
  migrationId: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  generatedAt: string;
  durationMs: number;
  /** Records created or adopted per second of durationMs. */
  ratePerSecond: number;
  requests?: { sonar?: number; splynx?: number };
  totals: EntityTotals[];
  failures: ReportFailure[];
  failureGroups: FailureGroup[];
  skipped: SkippedRecord[];
  pendingIntents: number;
  lastError?: StoredError;
  verification?: VerifyResult;
}

const PHASE_ORDER: ReportPhase[] = ['foundation', 'network', 'inventory', 'customers', 'other'];

function reportPhaseOf(entity: string): ReportPhase {
  return phaseOfEntity(entity) ?? 'other';
}

/** Entities whose Sonar id is the account id itself. */
const ACCOUNT_KEYED = new Set([
  'customer',
  'customer_info',
  'customer_billing',
  'customer_status',
  'opening_balance',
]);

function accountIdOf(entity: string, sonarId: string, label: string): string | undefined {
  if (ACCOUNT_KEYED.has(entity) && /^\d+$/.test(sonarId)) return sonarId;
  // Services and notes are labelled after their account (customers.ts labelOf).
  return /^account (\d+)\b/.exec(label)?.[1];
}

const GENERIC_FIXES: Record<FailureKind, string> = {
  record: 'Correct the record in Sonar (or the mapping in s2s.config.json), then run `s2s resume`.',
  fatal: 'Fix the access or configuration problem, then run `s2s resume`; nothing was lost.',
  retryable: 'Splynx or the network was struggling; run `s2s resume` in a minute.',
  'unknown-outcome': '`s2s resume` searches Splynx for this record before writing it again.',
};

function isRolledBack(record: EntityRecord): boolean {
  return record.extra?.rolledBack === true;
}

export function buildReport(source: ReportSource, extra: ReportExtra): MigrationReport {
  const explained = new Map<string, FailureNote>();
  for (const failure of extra.failures ?? []) {
    explained.set(`${failure.entity}:${failure.sonarId}`, failure);
  }

  const skipLabels = new Map<string, string>();
  for (const s of extra.skipped ?? []) skipLabels.set(`${s.entity}:${s.sonarId}`, s.label);

  const totals = new Map<string, EntityTotals>();
  const failures: ReportFailure[] = [];
  const skipped: SkippedRecord[] = [];
  const seen = new Set<string>();
  for (const record of source.records()) {
    // A failure told earlier is stale once the ledger has any later outcome for the record.
    if (record.action !== 'failed' && record.action !== 'blocked') seen.add(record.key);
    let row = totals.get(record.entity);
    if (!row) {
      row = {
        phase: reportPhaseOf(record.entity),
        entity: record.entity,
        created: 0,
        adopted: 0,
        skipped: 0,
        failed: 0,
        blocked: 0,
        rolledBack: 0,
      };
      totals.set(record.entity, row);
    }
    if (isRolledBack(record)) {
      row.rolledBack++;
      continue;
    }
    row[record.action]++;
    if (record.action === 'skipped') {
      const reason = record.lastError?.message ?? 'skipped';
      skipped.push({
        entity: record.entity,
        sonarId: record.sonarId,
        label: skipLabels.get(record.key) ?? `${record.entity} ${record.sonarId}`,
        reason,
      });
    }
    if (record.action !== 'failed' && record.action !== 'blocked') continue;
    seen.add(record.key);
    const told = explained.get(record.key);
    const label = told?.label ?? `${record.entity} ${record.sonarId}`;
    const kind = told?.kind ?? record.lastError?.kind ?? 'record';
    const field = told?.field ?? record.lastError?.field;
    const accountId = accountIdOf(record.entity, record.sonarId, label);
    failures.push({
      ...(accountId ? { accountId } : {}),
      entity: record.entity,
      sonarId: record.sonarId,
      label,
      action: record.action,
      kind,
      ...(field ? { field } : {}),
      message: told?.message ?? record.lastError?.message ?? 'no message was recorded',
      ...(told?.splynxMessage ? { splynxMessage: told.splynxMessage } : {}),
      fixes:
        told && told.fixes.length > 0
          ? told.fixes
          : record.action === 'blocked'
            ? ['Fix the record it depends on (listed above), then run `s2s resume`.']
            : [GENERIC_FIXES[kind]],
    });
  }
  // Failures that stopped the run before anything was journaled (fatal errors, 403s).
  for (const told of extra.failures ?? []) {
    const key = `${told.entity}:${told.sonarId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const accountId = accountIdOf(told.entity, told.sonarId, told.label);
    failures.push({
      ...(accountId ? { accountId } : {}),
      entity: told.entity,
      sonarId: told.sonarId,
      label: told.label,
      action: 'failed',
      kind: told.kind,
      ...(told.field ? { field: told.field } : {}),
      message: told.message,
      ...(told.splynxMessage ? { splynxMessage: told.splynxMessage } : {}),
      fixes: told.fixes.length > 0 ? told.fixes : [GENERIC_FIXES[told.kind]],
    });
  }
  // A record skipped with a ledger entry is listed from the ledger; its skip event only once.
  const inLedger = new Set(skipped.map((s) => `${s.entity}:${s.sonarId}`));
  skipped.push(...(extra.skipped ?? []).filter((s) => !inLedger.has(`${s.entity}:${s.sonarId}`)));

  const ordered = [...totals.values()].sort(
    (a, b) =>
      PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase) ||
      a.entity.localeCompare(b.entity),
  );
  // The migration's whole life, every run and resume summed (a run's summary carries the same
  // figure): a rate over the latest run alone, or over wall time since the first start with
  // idle days included, says nothing true.
  const durationMs = extra.summary?.durationMs ?? source.activeMs;
  const done = ordered.reduce((n, row) => n + row.created + row.adopted, 0);
  const requests = {
    ...(extra.summary?.sonarRequests !== undefined ? { sonar: extra.summary.sonarRequests } : {}),
    ...(extra.summary?.splynxRequests !== undefined
      ? { splynx: extra.summary.splynxRequests }
      : {}),
  };
  const report: MigrationReport = {
    migrationId: source.id,
    status: source.status,
    createdAt: source.createdAt,
    updatedAt: source.updatedAt,
    generatedAt: (extra.now?.() ?? new Date()).toISOString(),
    durationMs,
    ratePerSecond: durationMs > 0 ? Math.round((done / (durationMs / 1000)) * 100) / 100 : 0,
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
    totals: ordered,
    failures,
    failureGroups: groupFailures(failures),
    skipped,
    pendingIntents: source.pendingIntents().length,
    ...(source.lastError ? { lastError: source.lastError } : {}),
    ...(extra.verification ? { verification: extra.verification } : {}),
  };
  return extra.redactor.value(report);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Finds the record's own id in a text: after the word its label puts before it ("item 20" for
 * `inventory item 20`), so "model 8" in item 8's message stays; a bare id when the label has none.
 */
function ownIdPattern(f: Pick<ReportFailure, 'sonarId' | 'label'>): RegExp {
  const id = escapeRegExp(f.sonarId);
  const noun = new RegExp(`(\\w+) ${id}(?![\\w.])`).exec(f.label)?.[1];
  return noun
    ? new RegExp(`(?<=\\b${escapeRegExp(noun)} )${id}(?![\\w.])`, 'gi')
    : new RegExp(`(?<![\\w.])${id}(?![\\w.])`, 'g');
}

/** The message with the record's own label and id taken out, so one cause reads the same for all. */
function causeOf(f: Pick<ReportFailure, 'message' | 'label' | 'sonarId'>): string {
  let text = f.message;
  if (f.label) text = text.split(f.label).join('this record');
  return text.replace(ownIdPattern(f), '…');
}

/** What a failure shares with every other failure of its cause. */
export type CauseSource = Pick<
  ReportFailure,
  'entity' | 'sonarId' | 'label' | 'action' | 'field' | 'message' | 'fixes'
>;

/**
 * The identity of a failure's cause (same entity, action, field, message and fixes once the
 * record's own id and label are taken out): failures with one key form one FailureGroup, and the
 * terminal app skips a whole cause by it.
 */
export function causeKey(f: CauseSource): string {
  const ownId = ownIdPattern(f);
  const fixes = f.fixes.map((fix) => fix.replace(ownId, '…'));
  return JSON.stringify([f.entity, f.action, f.field ?? '', causeOf(f), fixes]);
}

/** A FailureGroup with its cause's key and the failures in it. */
export interface KeyedFailureGroup {
  key: string;
  group: FailureGroup;
  failures: ReportFailure[];
}

/** Largest group first; a group's records in the order they failed. */
export function keyedFailureGroups(failures: readonly ReportFailure[]): KeyedFailureGroup[] {
  const groups = new Map<string, KeyedFailureGroup>();
  for (const f of failures) {
    const key = causeKey(f);
    let keyed = groups.get(key);
    if (!keyed) {
      const ownId = ownIdPattern(f);
      keyed = {
        key,
        group: {
          cause: causeOf(f),
          entity: f.entity,
          action: f.action,
          ...(f.field ? { field: f.field } : {}),
          fixes: f.fixes.map((fix) => fix.replace(ownId, '…')),
          count: 0,
          records: [],
        },
        failures: [],
      };
      groups.set(key, keyed);
    }
    keyed.group.count++;
    keyed.group.records.push({
      sonarId: f.sonarId,
      label: f.label,
      ...(f.accountId ? { accountId: f.accountId } : {}),
    });
    keyed.failures.push(f);
  }
  // A cause of one record is told in that record's own words.
  for (const {
    group,
    failures: [only],
  } of groups.values()) {
    if (group.count === 1 && only) Object.assign(group, { cause: only.message, fixes: only.fixes });
  }
  return [...groups.values()].sort((a, b) => b.group.count - a.group.count);
}

export function groupFailures(failures: readonly ReportFailure[]): FailureGroup[] {
  return keyedFailureGroups(failures).map((keyed) => keyed.group);
}

const CSV_COLUMNS = [
  'account_id',
  'entity',
  'sonar_id',
  'action',
  'kind',
  'field',
  'message',
  'fix',
] as const;

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderFailuresCsv(report: MigrationReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const f of report.failures) {
    lines.push(
      [
        f.accountId ?? '',
        f.entity,
        f.sonarId,
        f.action,
        f.kind,
        f.field ?? '',
        f.splynxMessage ? `${f.message} (Splynx: ${f.splynxMessage})` : f.message,
        f.fixes.join(' '),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

const ID_COLUMNS = ['entity', 'sonar_id', 'splynx_id', 'action'] as const;

/** Every record the ledger knows a Splynx id for, one CSV line each, streamed in pieces. */
export function* renderIdsCsv(source: Pick<ReportSource, 'records'>): Generator<string> {
  yield `${ID_COLUMNS.join(',')}\n`;
  let lines: string[] = [];
  for (const record of source.records()) {
    if (record.splynxId === undefined) continue;
    const action = isRolledBack(record) ? 'rolled_back' : record.action;
    lines.push(
      [record.entity, record.sonarId, String(record.splynxId), action].map(csvCell).join(','),
    );
    if (lines.length >= 10_000) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}

const PreviousSchema = v.looseObject({
  failures: v.optional(
    v.array(
      v.looseObject({
        entity: v.string(),
        sonarId: v.string(),
        label: v.string(),
        kind: v.picklist(['retryable', 'unknown-outcome', 'record', 'fatal']),
        field: v.optional(v.string()),
        message: v.string(),
        splynxMessage: v.optional(v.string()),
        fixes: v.array(v.string()),
      }),
    ),
    [],
  ),
  skipped: v.optional(
    v.array(
      v.looseObject({
        entity: v.string(),
        sonarId: v.string(),
        label: v.string(),
        reason: v.string(),
      }),
    ),
    [],
  ),
});

/**
 * The explanations an earlier report.json holds (fixes, skip reasons), so a later rewrite (after
 * verify or rollback) keeps them. Nothing when there is no readable report.
 */
export function previousReport(dir: string): Pick<ReportExtra, 'failures' | 'skipped'> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
  } catch {
    return {};
  }
  const parsed = v.safeParse(PreviousSchema, raw);
  if (!parsed.success) return {};
  // Ledger records are re-read on every rewrite; only what the ledger lacks is carried over.
  const skipped = parsed.output.skipped.filter((s) => s.label !== `${s.entity} ${s.sonarId}`);
  return { failures: parsed.output.failures, skipped };
}

/** Writes the four report files (mode 0600) into the migration's folder; returns their paths. */
export function writeReports(source: ReportSource, extra: ReportExtra): ReportPaths {
  const report = buildReport(source, extra);
  const paths: ReportPaths = {
    json: path.join(source.dir, 'report.json'),
    markdown: path.join(source.dir, 'report.md'),
    failuresCsv: path.join(source.dir, 'failures.csv'),
    idsCsv: path.join(source.dir, 'ids.csv'),
  };
  const { redactor } = extra;
  writeFileAtomic(paths.json, `${redactor.text(JSON.stringify(report, null, 2))}\n`);
  writeFileAtomic(paths.markdown, redactor.text(renderMarkdown(report)));
  writeFileAtomic(paths.failuresCsv, redactor.text(renderFailuresCsv(report)));
  // Ids and Sonar ids only: nothing in it can hold a secret, and it can be half a million lines.
  writeFileAtomic(paths.idsCsv, renderIdsCsv(source));
  return paths;
}
