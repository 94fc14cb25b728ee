import { UserError } from '../errors.js';

// Operators paste whatever their browser shows: the bare host, the host with a slash, or the
// GraphQL endpoint itself. All of them mean the one endpoint, `/api/graphql`.
export function normaliseSonarUrl(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UserError(
      `Sonar URL "${input}" is not a valid URL`,
      'Set SONAR_URL to your instance, e.g. https://example.sonar.software',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError(
      `Sonar URL "${input}" must use https`,
      'e.g. https://example.sonar.software',
    );
  }
  // Credentials or a query in the URL would travel with every request; refuse them.
  if (url.username || url.password || url.search) {
    throw new UserError(
      'Sonar URL must not contain credentials or a query string',
      'Put the token in SONAR_TOKEN and give only the instance address in SONAR_URL',
    );
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/graphql$/i, '');
  return `${url.origin}${path}/api/graphql`;
}
