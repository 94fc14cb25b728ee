// Reports from a real state directory: totals per phase and entity, failures with their fixes,
// skipped records with reasons, files 0600 without secrets, and a failures.csv that
// `--customers-from` reads back as exactly the failed accounts.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordFailure } from '../../source/engine/events.js';
import {
  buildReport,
  csvCell,
  groupFailures,
  previousReport,
  writeReports,
} from '../../source/engine/report.js';
import { ReportCollector } from '../../source/engine/report-collector.js';
import { readIdsFile, readRecordsFile } from '../../source/engine/selection.js';
import { Redactor } from '../../source/redact.js';
import { openStateDir } from '../../source/state/index.js';

const SECRET = 'sekrit-api-secret-123';

async function sampleMigration() {
  const state = openStateDir(mkdtempSync(path.join(tmpdir(), 's2s-report-')));
  const m = await state.create({ selection: { kind: 'ids' } });
  await m.commit({ entity: 'partner', sonarId: '1', splynxId: 1, action: 'adopted' });
  await m.commit({ entity: 'tariff_internet', sonarId: '4', splynxId: 9, action: 'created' });
  await m.commit({ entity: 'customer', sonarId: '1042', splynxId: 7, action: 'created' });
  await m.commit({
    entity: 'customer',
    sonarId: '1043',
    action: 'failed',
    lastError: { kind: 'record', message: `city is too long (key ${SECRET})`, field: 'city' },
  });
  await m.commit({
    entity: 'internet_service',
    sonarId: '88',
    action: 'failed',
    lastError: { kind: 'record', message: 'Splynx rejected ipv4' },
  });
  await m.commit({
    entity: 'customer',
    sonarId: '1044',
    action: 'blocked',
    lastError: { kind: 'record', message: 'its parent account 1043 was not migrated' },
  });
  await m.setStatus('stopped');
  await m.close();
  return { state, view: await state.readOnly(m.id) };
}

const explained: RecordFailure = {
  kind: 'record',
  phase: 'customers',
  entity: 'customer',
  sonarId: '1043',
  label: 'account 1043 "Zoë, Ångström & Co"',
  field: 'city',
  rule: 'max-length',
  message: 'city "Llanfairpwllgwyngyll…" is 58 characters; Splynx allows 32',
  fixes: ['Shorten the city of account 1043 in Sonar, then run `s2s resume`.'],
};
const serviceFailure: RecordFailure = {
  kind: 'record',
  phase: 'customers',
  entity: 'internet_service',
  sonarId: '88',
  label: 'account 1050 "Bob" internet service 1050-88',
  field: 'ipv4',
  message: 'Splynx rejected ipv4',
  splynxMessage: 'ipv4: IP is already in use',
  fixes: ['Free the IP in Splynx, then run `s2s resume`.'],
};

describe('reports', () => {
  it('totals per phase and entity, failures with fixes, skipped with reasons', async () => {
    const { view } = await sampleMigration();
    const collector = new ReportCollector();
    const seen: string[] = [];
    const emit = collector.tap((e) => seen.push(e.type));
    emit({ type: 'record-failed', failure: explained });
    emit({ type: 'record-failed', failure: serviceFailure });
    emit({
      type: 'entity',
      phase: 'foundation',
      entity: 'tariff',
      sonarId: '17',
      label: 'service 17 "Home Phone"',
      action: 'skipped',
      reason: 'voice is out of scope',
    });
    expect(seen).toEqual(['record-failed', 'record-failed', 'entity']);
    const report = buildReport(view, {
      redactor: new Redactor([SECRET]),
      failures: collector.failures,
      skipped: collector.skipped,
      summary: {
        migrationId: view.id,
        command: 'migrate',
        status: 'stopped',
        counts: {},
        failures: 3,
        durationMs: 4000,
        splynxRequests: 120,
      },
    });
    expect(
      report.totals.map((t) => [t.phase, t.entity, t.created, t.adopted, t.failed, t.blocked]),
    ).toEqual([
      ['foundation', 'partner', 0, 1, 0, 0],
      ['foundation', 'tariff_internet', 1, 0, 0, 0],
      ['customers', 'customer', 1, 0, 1, 1],
      ['customers', 'internet_service', 0, 0, 1, 0],
    ]);
    expect(report.ratePerSecond).toBe(0.75);
    expect(report.requests).toEqual({ splynx: 120 });
    expect(
      report.failures.map((f) => [f.accountId, f.entity, f.sonarId, f.action, f.field]),
    ).toEqual([
      ['1043', 'customer', '1043', 'failed', 'city'],
      ['1050', 'internet_service', '88', 'failed', 'ipv4'],
      ['1044', 'customer', '1044', 'blocked', undefined],
    ]);
    expect(report.failures[0]?.fixes).toEqual(explained.fixes);
    expect(report.failures[1]?.splynxMessage).toBe('ipv4: IP is already in use');
    expect(report.failures[2]?.fixes[0]).toContain('Fix the record it depends on');
    expect(report.skipped).toEqual([
      {
        entity: 'tariff',
        sonarId: '17',
        label: 'service 17 "Home Phone"',
        reason: 'voice is out of scope',
      },
    ]);
  });

  it('writes four 0600 files without secrets, and failures.csv feeds --customers-from', async () => {
    const { view } = await sampleMigration();
    const paths = writeReports(view, {
      redactor: new Redactor([SECRET]),
      failures: [explained, serviceFailure],
    });
    expect(paths).toEqual({
      json: path.join(view.dir, 'report.json'),
      markdown: path.join(view.dir, 'report.md'),
      failuresCsv: path.join(view.dir, 'failures.csv'),
      idsCsv: path.join(view.dir, 'ids.csv'),
    });
    for (const file of Object.values(paths)) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
    }
    const csv = readFileSync(paths.failuresCsv, 'utf8').split('\n');
    expect(csv[0]).toBe('account_id,entity,sonar_id,action,kind,field,message,fix');
    expect(csv[1]).toBe(
      '1043,customer,1043,failed,record,city,"city ""Llanfairpwllgwyngyll…"" is 58 characters; Splynx allows 32","Shorten the city of account 1043 in Sonar, then run `s2s resume`."',
    );
    expect(readIdsFile(paths.failuresCsv)).toEqual(['1043', '1050', '1044']);
    expect(readRecordsFile(paths.failuresCsv)).toEqual({
      accountIds: ['1043', '1050', '1044'],
      records: [],
    });
    // Only records with a Splynx id, each with what it became.
    expect(readFileSync(paths.idsCsv, 'utf8')).toBe(
      'entity,sonar_id,splynx_id,action\npartner,1,1,adopted\ntariff_internet,4,9,created\ncustomer,1042,7,created\n',
    );
    const md = readFileSync(paths.markdown, 'utf8');
    expect(md).toContain('### failed account 1043 "Zoë, Ångström & Co"');
    expect(md).toContain('- Fix: Shorten the city of account 1043 in Sonar');
    expect(md).toContain('| customers | customer | 1 | 0 | 0 | 1 | 1 | 0 |');
    expect(JSON.parse(readFileSync(paths.json, 'utf8')).failures).toHaveLength(3);
  });

  it('a rewrite keeps the earlier explanations and drops failures fixed since', async () => {
    const { state, view } = await sampleMigration();
    writeReports(view, { redactor: new Redactor(), failures: [explained, serviceFailure] });
    const m = await state.open(view.id);
    await m.commit({ entity: 'internet_service', sonarId: '88', splynxId: 3, action: 'created' });
    await m.close();
    const later = await state.readOnly(view.id);
    const report = buildReport(later, { redactor: new Redactor(), ...previousReport(view.dir) });
    expect(report.failures.map((f) => f.sonarId)).toEqual(['1043', '1044']);
    expect(report.failures[0]?.fixes).toEqual(explained.fixes);
  });

  it("groups failures that share a cause, told without each record's own id", () => {
    const item = (id: string) => ({
      entity: 'inventory_item',
      sonarId: id,
      action: 'failed' as const,
      kind: 'record' as const,
      field: 'barcode',
      label: `inventory item ${id}`,
      message: `Inventory model 8 "hEX" has no primary field, so item ${id} has no barcode.`,
      fixes: ['In Sonar, mark one field of inventory model 8 as primary.'],
    });
    const other = {
      ...item('5'),
      message: 'Inventory model 3 "X" has no primary field, so item 5 has no barcode.',
    };
    const groups = groupFailures([item('20'), other, item('25'), item('8')]);
    expect(groups.map((g) => [g.count, g.cause])).toEqual([
      [3, 'Inventory model 8 "hEX" has no primary field, so item … has no barcode.'],
      [1, other.message],
    ]);
    expect(groups[0]?.records.map((r) => r.sonarId)).toEqual(['20', '25', '8']);
  });

  it('reads a failures.csv back with --records-from: accounts by id, other records by entity', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 's2s-retry-')), 'failures.csv');
    writeFileSync(
      file,
      [
        'account_id,entity,sonar_id,action,kind,field,message,fix',
        '1043,internet_service,88,failed,record,ipv4,"a, ""quoted""\nmessage",fix',
        ',inventory_item,20,failed,record,barcode,no barcode,"mark one, as primary"',
        ',ipv4_network,ip_pool-1-2,failed,record,,overlaps,fix',
        ',phase,inventory,failed,fatal,,403,fix',
        ',additional_field,customers,failed,fatal,,403,fix',
      ].join('\r\n'),
    );
    expect(readRecordsFile(file)).toEqual({
      accountIds: ['1043'],
      records: [
        { entity: 'inventory_item', sonarId: '20' },
        { entity: 'ipv4_network', sonarId: 'ip_pool-1-2' },
      ],
    });
    writeFileSync(file, 'account_id,entity,sonar_id\n,customer_note,7\n');
    expect(() => readRecordsFile(file)).toThrow(/cannot retry customer_note 7 on its own/);
  });

  it('defuses spreadsheet formulas and quotes commas in CSV cells', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('1042')).toBe('1042');
  });
});
