// The smallest honest GraphQL client for these tests: a real POST over loopback.
import type { SonarSimulator } from '../../../source/simulators/sonar/server.js';

export interface GraphQLReply {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: (string | number)[] }[];
  };
}

export async function gql(
  sim: SonarSimulator,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLReply> {
  const response = await fetch(sim.endpoint, {
    method: 'POST',
    headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLReply['body'] };
}

/** `data[root].entities`, failing loudly when the reply carries errors. */
export async function entities<T = Record<string, unknown>>(
  sim: SonarSimulator,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T[]> {
  const reply = await gql(sim, query, variables);
  if (reply.body.errors) throw new Error(JSON.stringify(reply.body.errors));
  const [root] = Object.values(reply.body.data ?? {}) as { entities: T[] }[];
  if (!root) throw new Error('no data');
  return root.entities;
}

export async function ids(
  sim: SonarSimulator,
  query: string,
  variables?: Record<string, unknown>,
): Promise<string[]> {
  return (await entities<{ id: string }>(sim, query, variables)).map((row) => row.id);
}
