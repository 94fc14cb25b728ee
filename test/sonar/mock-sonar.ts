// A MockAgent that answers Sonar GraphQL by operation name, recording what was asked.
import { MockAgent } from 'undici';

export const ORIGIN = 'https://acme.sonar.software';
export const TOKEN = 'sonar-test-token-3f9a1c';

export interface SeenRequest {
  operation: string;
  query: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

export interface MockReply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function mockSonar(answer: (request: SeenRequest, index: number) => MockReply) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const seen: SeenRequest[] = [];
  agent
    .get(ORIGIN)
    .intercept({ path: '/api/graphql', method: 'POST' })
    .reply((options) => {
      const parsed = JSON.parse(String(options.body)) as {
        query: string;
        variables?: Record<string, unknown>;
      };
      const request: SeenRequest = {
        operation: /^query\s+([A-Za-z_]\w*)/.exec(parsed.query)?.[1] ?? '?',
        query: parsed.query,
        variables: parsed.variables ?? {},
        headers: Object.fromEntries(
          Object.entries(options.headers as Record<string, string>).map(([k, val]) => [
            k.toLowerCase(),
            val,
          ]),
        ),
      };
      seen.push(request);
      const reply = answer(request, seen.length - 1);
      return {
        statusCode: reply.status ?? 200,
        data: typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body),
        responseOptions: {
          headers: { 'content-type': 'application/json', ...reply.headers },
        },
      };
    })
    .persist();
  return { agent, seen };
}

export function page<T>(entities: T[], page: number, totalPages: number, perPage = 500) {
  return {
    page_info: {
      page,
      total_pages: totalPages,
      total_count: entities.length,
      records_per_page: perPage,
    },
    entities,
  };
}
