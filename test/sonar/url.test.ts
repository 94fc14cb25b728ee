import { describe, expect, it } from 'vitest';
import { UserError } from '../../source/errors.js';
import { normaliseSonarUrl } from '../../source/sonar/url.js';

describe('normaliseSonarUrl', () => {
  it.each([
    'acme.sonar.software',
    'acme.sonar.software/',
    'https://acme.sonar.software',
    'https://acme.sonar.software/',
    'https://acme.sonar.software/api/graphql',
    'https://acme.sonar.software/api/graphql/',
    '  https://acme.sonar.software//  ',
  ])('%s → the GraphQL endpoint', (input) => {
    expect(normaliseSonarUrl(input)).toBe('https://acme.sonar.software/api/graphql');
  });

  it('keeps a base path and a loopback port', () => {
    expect(normaliseSonarUrl('http://127.0.0.1:4100/sonar/')).toBe(
      'http://127.0.0.1:4100/sonar/api/graphql',
    );
  });

  it('refuses credentials, queries and non-http schemes', () => {
    expect(() => normaliseSonarUrl('https://user:pw@acme.sonar.software')).toThrow(UserError);
    expect(() => normaliseSonarUrl('https://acme.sonar.software/?token=x')).toThrow(UserError);
    expect(() => normaliseSonarUrl('ftp://acme.sonar.software')).toThrow(/must use https/);
  });
});
