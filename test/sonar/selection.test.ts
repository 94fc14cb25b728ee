import { describe, expect, it } from 'vitest';
import { UserError } from '../../source/errors.js';
import { compileSelection, idSearch } from '../../source/sonar/selection.js';

describe('compileSelection', () => {
  it('ORs one Search per status, each ANDed with the created-date bounds', () => {
    const compiled = compileSelection({
      statusIds: ['3', '1', '3'],
      createdFrom: '2024-01-01',
      createdTo: '2024-01-31',
    });
    const dates = [
      { attribute: 'created_at', search_value: '2024-01-01T00:00:00+00:00', operator: 'GTE' },
      { attribute: 'created_at', search_value: '2024-02-01T00:00:00+00:00', operator: 'LT' },
    ];
    expect(compiled.filterSearch).toEqual([
      {
        integer_fields: [{ attribute: 'account_status_id', search_value: 3, operator: 'EQ' }],
        datetime_fields: dates,
      },
      {
        integer_fields: [{ attribute: 'account_status_id', search_value: 1, operator: 'EQ' }],
        datetime_fields: dates,
      },
    ]);
    expect(
      compiled.matches({ account_status_id: '1', created_at: '2024-01-31T23:59:59+00:00' }),
    ).toBe(true);
    expect(
      compiled.matches({ account_status_id: '1', created_at: '2024-02-01T00:00:00+00:00' }),
    ).toBe(false);
    expect(
      compiled.matches({ account_status_id: '2', created_at: '2024-01-15T00:00:00+00:00' }),
    ).toBe(false);
    expect(
      compiled.matches({ account_status_id: '3', created_at: '2023-12-31T23:59:59+00:00' }),
    ).toBe(false);
  });

  it('sorts and de-duplicates ids numerically, and has no filter search when none was asked', () => {
    const compiled = compileSelection({ ids: ['10', '9', '010', '100'] });
    expect(compiled.ids).toEqual(['9', '10', '100']);
    expect(compiled.filterSearch).toBeUndefined();
    expect(compiled.hasFilters).toBe(false);
    expect(compiled.includeArchived).toBe(false);
    expect(idSearch(['9'])).toEqual([
      { integer_fields: [{ attribute: 'id', search_value: 9, operator: 'EQ' }] },
    ]);
  });

  it('keeps an explicit datetime bound as given, inclusive', () => {
    const compiled = compileSelection({ createdTo: '2024-05-01T12:00:00+02:00' });
    expect(compiled.filterSearch).toEqual([
      {
        datetime_fields: [
          { attribute: 'created_at', search_value: '2024-05-01T12:00:00+02:00', operator: 'LTE' },
        ],
      },
    ]);
    expect(
      compiled.matches({ account_status_id: '1', created_at: '2024-05-01T10:00:00+00:00' }),
    ).toBe(true);
    expect(
      compiled.matches({ account_status_id: '1', created_at: '2024-05-01T10:00:01+00:00' }),
    ).toBe(false);
  });

  it('refuses ids and dates that are not ids and dates', () => {
    expect(() => compileSelection({ ids: ['12a'] })).toThrow(UserError);
    expect(() => compileSelection({ statusIds: ['-1'] })).toThrow(
      'account status id "-1" is not a Sonar id',
    );
    expect(() => compileSelection({ createdFrom: 'yesterday' })).toThrow(
      '--created-from "yesterday" is not a date',
    );
    expect(() => compileSelection({ createdFrom: '2024-02-01', createdTo: '2024-01-01' })).toThrow(
      '--created-from is after --created-to',
    );
  });
});
