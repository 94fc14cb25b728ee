import { describe, expect, it } from 'vitest';
import { buildQuery } from '../../source/splynx/query-string.js';

const decoded = (q: string) => decodeURIComponent(q);

describe('buildQuery (PHP http_build_query brackets)', () => {
  it('writes plain equality, encoding brackets as PHP does', () => {
    expect(buildQuery({ main: { date_add: '2024-01-31' } })).toBe(
      'main_attributes%5Bdate_add%5D=2024-01-31',
    );
  });

  it('writes an operator and its operand as indexed entries', () => {
    expect(decoded(buildQuery({ main: { login: ['LIKE', 'durden'] } }))).toBe(
      'main_attributes[login][0]=LIKE&main_attributes[login][1]=durden',
    );
  });

  it('writes IN with a nested array, exactly as the blueprint example', () => {
    expect(decoded(buildQuery({ main: { status: ['IN', ['active', 'blocked']] } }))).toBe(
      'main_attributes[status][0]=IN&main_attributes[status][1][0]=active&main_attributes[status][1][1]=blocked',
    );
  });

  it('writes BETWEEN with two operands', () => {
    expect(decoded(buildQuery({ main: { partner_id: ['BETWEEN', 1, 10] } }))).toBe(
      'main_attributes[partner_id][0]=BETWEEN&main_attributes[partner_id][1]=1&main_attributes[partner_id][2]=10',
    );
  });

  it('combines main, additional, order, limit and offset in that order', () => {
    expect(
      decoded(
        buildQuery({
          main: { is_used: true, network: ['!=', '10.0.0.0'] },
          additional: { sonar_id: 'acct-42' },
          order: { id: 'DESC' },
          limit: 10,
          offset: 20,
        }),
      ),
    ).toBe(
      'main_attributes[is_used]=1&main_attributes[network][0]=!=&main_attributes[network][1]=10.0.0.0' +
        '&additional_attributes[sonar_id]=acct-42&order[id]=DESC&limit=10&offset=20',
    );
  });

  it('percent-encodes values so & and = inside them cannot split the query', () => {
    expect(buildQuery({ main: { name: 'A&B=C ü' } })).toBe(
      'main_attributes%5Bname%5D=A%26B%3DC%20%C3%BC',
    );
  });

  it('is empty when there is nothing to send', () => {
    expect(buildQuery({})).toBe('');
    expect(buildQuery({ main: {}, order: {} })).toBe('');
  });
});
