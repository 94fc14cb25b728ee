// The client at the wire: headers, retries, classification, validation, budget, redaction.
import { MockAgent } from 'undici';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { SonarClient, type SonarRequestEvent } from '../../source/sonar/client.js';
import { extractNetwork } from '../../source/sonar/extract-network.js';
import { idSchema } from '../../source/sonar/wire.js';
import { expectApiError } from '../expect-api-error.js';
import { type MockReply, mockSonar, ORIGIN, page, TOKEN } from './mock-sonar.js';

const ME = 'query SonarMe { me { id username } }';
const meSchema = v.object({ me: v.object({ id: idSchema, username: v.string() }) });
const ok: MockReply = { body: { data: { me: { id: '7', username: 'extractor' } } } };

function setup(
  answer: Parameters<typeof mockSonar>[0],
  extra: Partial<ConstructorParameters<typeof SonarClient>[0]> = {},
) {
  const { agent, seen } = mockSonar(answer);
  const events: SonarRequestEvent[] = [];
  const delays: number[] = [];
  // The budget's clock moves only when the client "sleeps", so pauses cost no real time.
  let clock = 0;
  const client = new SonarClient({
    url: 'acme.sonar.software',
    token: TOKEN,
    dispatcher: agent,
    backoff: { baseMs: 100, maxMs: 1_000, attempts: 4 },
    random: () => 0,
    now: () => clock,
    sleep: async (ms) => {
      delays.push(ms);
      clock += ms;
    },
    onRequest: (event) => events.push(event),
    ...extra,
  });
  return { client, seen, events, delays };
}

describe('SonarClient', () => {
  it('posts JSON to /api/graphql with the Bearer token and returns validated data', async () => {
    const { client, seen, events } = setup(() => ok);
    expect(client.endpoint).toBe(`${ORIGIN}/api/graphql`);
    await expect(client.query('SonarMe', ME, undefined, meSchema)).resolves.toEqual({
      me: { id: '7', username: 'extractor' },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(seen[0]?.query).toBe(ME);
    expect(events).toEqual([
      { operation: 'SonarMe', status: 200, ms: expect.any(Number), attempt: 1, outcome: 'ok' },
    ]);
  });

  it('retries a 429 with the plain {"error"} body, waiting as long as Retry-After says', async () => {
    const { client, seen, events, delays } = setup((_, i) =>
      i === 0
        ? {
            status: 429,
            body: { error: 'Request limit of 400/min reached.' },
            headers: { 'retry-after': '3' },
          }
        : ok,
    );
    await expect(client.query('SonarMe', ME, undefined, meSchema)).resolves.toEqual(
      ok.body && { me: { id: '7', username: 'extractor' } },
    );
    expect(seen).toHaveLength(2);
    expect(delays).toEqual([3_000]);
    expect(events.map((e) => [e.status, e.attempt, e.outcome])).toEqual([
      [429, 1, 'retryable'],
      [200, 2, 'ok'],
    ]);
  });

  it('treats a 200 carrying the throttle body as a 429', async () => {
    const { client, seen, delays } = setup((_, i) =>
      i === 0 ? { body: { error: 'Request limit of 400/min reached.' } } : ok,
    );
    await client.query('SonarMe', ME, undefined, meSchema);
    expect(seen).toHaveLength(2);
    expect(delays).toEqual([50]);
  });

  it('retries 5xx with exponential backoff and gives up after the configured attempts', async () => {
    const { client, seen, delays } = setup(() => ({
      status: 502,
      body: '<html>bad gateway</html>',
    }));
    const error = await expectApiError(client.query('SonarMe', ME, undefined, meSchema));
    expect(error.kind).toBe('retryable');
    expect(error.status).toBe(502);
    expect(error.message).toBe('Sonar SonarMe: server error 502 (gave up after 4 attempts)');
    expect(seen).toHaveLength(4);
    expect(delays).toEqual([50, 100, 200]);
  });

  it('recovers when a 5xx is followed by success', async () => {
    const { client, seen } = setup((_, i) => (i < 2 ? { status: 503, body: {} } : ok));
    await expect(client.query('SonarMe', ME, undefined, meSchema)).resolves.toEqual({
      me: { id: '7', username: 'extractor' },
    });
    expect(seen).toHaveLength(3);
  });

  it('makes 401 fatal at once, with a hint about SONAR_TOKEN', async () => {
    const { client, seen } = setup(() => ({ status: 401, body: { message: 'Unauthenticated.' } }));
    const error = await expectApiError(client.query('SonarMe', ME, undefined, meSchema));
    expect(error.kind).toBe('fatal');
    expect(error.status).toBe(401);
    expect(error.service).toBe('sonar');
    expect(error.hint).toMatch(/^check SONAR_TOKEN/);
    expect(seen).toHaveLength(1);
  });

  it('makes a certificate it cannot verify fatal at once, with NODE_EXTRA_CA_CERTS as the way out', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const selfSigned = Object.assign(new Error('self-signed certificate'), {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    agent
      .get(ORIGIN)
      .intercept({ path: '/api/graphql', method: 'POST' })
      .replyWithError(selfSigned)
      .times(4);
    const delays: number[] = [];
    const client = new SonarClient({
      url: 'acme.sonar.software',
      token: TOKEN,
      dispatcher: agent,
      backoff: { baseMs: 100, maxMs: 1_000, attempts: 4 },
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    const error = await expectApiError(client.query('SonarMe', ME, undefined, meSchema));
    expect(error.kind).toBe('fatal');
    expect(error.message).toBe(
      'Sonar SonarMe: the TLS certificate of SONAR_URL could not be verified: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)',
    );
    expect(error.hint).toContain('NODE_EXTRA_CA_CERTS');
    expect(delays).toEqual([]);
  });

  it('makes GraphQL errors fatal, naming the query and the first messages', async () => {
    const { client, seen } = setup(() => ({
      body: {
        data: null,
        errors: [
          { message: 'You do not have permission to read accounts.' },
          { message: 'Second problem.' },
        ],
      },
    }));
    const error = await expectApiError(client.query('SonarMe', ME, undefined, meSchema));
    expect(error.kind).toBe('fatal');
    expect(error.message).toBe(
      'Sonar SonarMe failed: You do not have permission to read accounts.; Second problem.',
    );
    expect(seen).toHaveLength(1);
  });

  it('makes a 400 with GraphQL errors fatal too', async () => {
    const { client } = setup(() => ({
      status: 400,
      body: { errors: [{ message: 'Cannot query field "x".' }] },
    }));
    const error = await expectApiError(client.query('SonarMe', ME, undefined, meSchema));
    expect([error.kind, error.status, error.message]).toEqual([
      'fatal',
      400,
      'Sonar SonarMe failed: Cannot query field "x".',
    ]);
  });

  it('names the dot-path of an answer that does not match the expected shape', async () => {
    const { client } = setup(() => ({
      body: {
        data: {
          supernets: page(
            [
              { id: '1', name: 'core', subnet: '10.0.0.0/8' },
              { id: '2', name: null },
            ],
            1,
            1,
          ),
          subnets: page([], 1, 0),
          ip_pools: page([], 1, 0),
        },
      },
    }));
    const error = await expectApiError(extractNetwork(client));
    expect(error.kind).toBe('fatal');
    expect(error.fields[0]?.field).toBe('supernets.entities.1.subnet');
    expect(error.message).toMatch(
      /^Sonar SonarNetwork: unexpected answer at supernets\.entities\.1\.subnet: /,
    );
  });

  it('keeps a wrongly typed password out of the validation message', async () => {
    const schema = v.object({ r: v.object({ password: v.string() }) });
    const { client } = setup(() => ({ body: { data: { r: { password: 918273645 } } } }));
    const error = await expectApiError(
      client.query('SonarR', 'query SonarR { r }', undefined, schema),
    );
    expect(error.fields).toEqual([{ field: 'r.password', message: 'invalid value (string)' }]);
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('918273645');
  });

  it('calls an HTML answer fatal with a hint about SONAR_URL', async () => {
    const { client } = setup(() => ({ body: '<!doctype html><title>Login</title>' }));
    const error = await expectApiError(client.query('SonarMe', ME, undefined, meSchema));
    expect(error.kind).toBe('fatal');
    expect(error.hint).toBe(
      'Check SONAR_URL: https://acme.sonar.software/api/graphql should be the Sonar GraphQL endpoint',
    );
  });

  it('never lets the token reach errors or events', async () => {
    const echo = `Unauthenticated: bad token ${TOKEN}`;
    const { client, events } = setup((_, i) =>
      i === 0 ? { status: 500, body: { message: echo } } : { status: 401, body: { message: echo } },
    );
    const error = await expectApiError(client.query('SonarMe', ME, undefined, meSchema));
    expect(error.status).toBe(401);
    expect(error.body).toBe('{"message":"Unauthenticated: bad token [redacted]"}');
    const everything = JSON.stringify([
      error,
      error.message,
      error.body,
      error.hint,
      events,
      String(error.cause),
    ]);
    expect(everything).not.toContain(TOKEN);
    expect(events).toHaveLength(2);
  });

  it('stops waiting when the signal aborts, without sending more', async () => {
    const controller = new AbortController();
    const { client, seen } = setup(() => ({ status: 503, body: {} }), {
      sleep: (_ms, signal) =>
        new Promise((_, reject) => {
          controller.abort(new DOMException('stopped', 'AbortError'));
          reject(signal?.reason);
        }),
    });
    const error = await client
      .query('SonarMe', ME, undefined, meSchema, controller.signal)
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(seen).toHaveLength(1);
  });

  it('holds requests beyond the per-minute budget (clock injected)', async () => {
    const { client, seen } = setup(() => ok, { perMinute: 2, concurrency: 5 });
    const controller = new AbortController();
    const first = client.query('SonarMe', ME, undefined, meSchema);
    const second = client.query('SonarMe', ME, undefined, meSchema);
    const third = client.query('SonarMe', ME, undefined, meSchema, controller.signal);
    await Promise.all([first, second]);
    expect(seen).toHaveLength(2);
    expect(client.limiter.waiting).toBe(1);
    controller.abort(new DOMException('stopped', 'AbortError'));
    await expect(third).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(2);
  });

  it('retries a request that gets no answer within the timeout', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(ORIGIN);
    const answer = { headers: { 'content-type': 'application/json' } };
    pool
      .intercept({ path: '/api/graphql', method: 'POST' })
      .reply(200, JSON.stringify(ok.body), answer)
      .delay(5_000);
    pool
      .intercept({ path: '/api/graphql', method: 'POST' })
      .reply(200, JSON.stringify(ok.body), answer);
    const events: SonarRequestEvent[] = [];
    const client = new SonarClient({
      url: ORIGIN,
      token: TOKEN,
      dispatcher: agent,
      timeoutMs: 50,
      sleep: async () => {},
      onRequest: (event) => events.push(event),
    });
    await expect(client.query('SonarMe', ME, undefined, meSchema)).resolves.toEqual({
      me: { id: '7', username: 'extractor' },
    });
    expect(events.map((e) => [e.status, e.attempt, e.outcome])).toEqual([
      [0, 1, 'retryable'],
      [200, 2, 'ok'],
    ]);
    agent.assertNoPendingInterceptors();
  });
});
