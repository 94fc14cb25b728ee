// What the Splynx client costs per request on loopback: N sequential GETs of one customer through
// raw undici (Basic header, JSON.parse) versus SplynxClient (limiter, auth, timeout, events,
// classification, valibot validation). Run: npx tsx bench/splynx-client.ts [N]
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import * as v from 'valibot';
import { startSplynxSimulator } from '../source/simulators/splynx/server.js';
import { basicHeader, signature, tokenHeader } from '../source/splynx/auth.js';
import { SplynxClient } from '../source/splynx/client.js';
import type { SplynxAuth } from '../source/splynx/client-options.js';
import { coerceRecord } from '../source/splynx/coerce.js';

const N = Number(process.argv[2] ?? 2000);
const WARMUP = 200;
const Customer = coerceRecord({ id: 'id', name: 'text', status: 'text', partner_id: 'id' });

const sim = await startSplynxSimulator({ basicAuth: true });
const { apiKey, apiSecret } = sim.credentials;
const seeded = new SplynxClient({ baseUrl: sim.url, auth: { mode: 'basic', apiKey, apiSecret } });
const { id } = await seeded.create('admin/customers/customer', { name: 'Bench', login: 'bench' });
await seeded.close();
const path = `admin/customers/customer/${id}`;

const ROUNDS = 5;

/** Per-request ms of N sequential calls. */
async function measure(once: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < N; i++) await once();
  return (performance.now() - started) / N;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const agent = new Agent({ keepAliveTimeout: 10_000 });
const authorization = basicHeader(apiKey, apiSecret);
const contenders: [string, () => Promise<unknown>][] = [
  [
    'raw undici request + JSON.parse',
    async () => {
      const res = await request(`${sim.apiBase}/${path}`, {
        headers: { authorization, accept: 'application/json' },
        dispatcher: agent,
      });
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
      return JSON.parse(await res.body.text());
    },
  ],
];
// The same raw request with an access token, so token-mode figures compare like with like.
const nonce = Math.round(Date.now() / 10);
const login = await request(`${sim.apiBase}/admin/auth/tokens`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    auth_type: 'api_key',
    key: apiKey,
    nonce,
    signature: signature(nonce, apiKey, apiSecret),
  }),
  dispatcher: agent,
});
const { access_token } = (await login.body.json()) as { access_token: string };
contenders.push([
  'raw undici + access token',
  async () => {
    const res = await request(`${sim.apiBase}/${path}`, {
      headers: { authorization: tokenHeader(access_token), accept: 'application/json' },
      dispatcher: agent,
    });
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
    return JSON.parse(await res.body.text());
  },
]);
const clients: SplynxClient[] = [];
const modes: [string, SplynxAuth, v.GenericSchema][] = [
  ['SplynxClient basic, v.unknown()', { mode: 'basic', apiKey, apiSecret }, v.unknown()],
  ['SplynxClient basic, coerceRecord', { mode: 'basic', apiKey, apiSecret }, Customer],
  [
    'SplynxClient access token, coerceRecord',
    { mode: 'api-key-token', apiKey, apiSecret },
    Customer,
  ],
];
for (const [label, auth, schema] of modes) {
  const client = new SplynxClient({ baseUrl: sim.url, auth, onRequest: () => {} });
  clients.push(client);
  contenders.push([label, () => client.get(path, schema)]);
}

// Warm everything (simulator included) first, then interleave rounds so drift hits all alike.
for (const [, once] of contenders) for (let i = 0; i < WARMUP; i++) await once();
const samples = contenders.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  for (const [index, [, once]] of contenders.entries()) samples[index]?.push(await measure(once));
}

console.log(`Splynx client overhead: ${N} sequential GETs x ${ROUNDS} rounds, median per request`);
// Basic-mode clients compare with raw Basic; token-mode ones with the raw token request.
const rawBasic = median(samples[0] ?? []);
const rawToken = median(samples[1] ?? []);
for (const [index, [label]] of contenders.entries()) {
  const ms = median(samples[index] ?? []);
  const raw = label.includes('token') ? rawToken : rawBasic;
  const overhead =
    index < 2 ? '' : `  overhead ${(ms - raw >= 0 ? '+' : '') + (ms - raw).toFixed(3)} ms`;
  console.log(`  ${label.padEnd(42)} ${ms.toFixed(3)} ms${overhead}`);
}
for (const client of clients) await client.close();
await agent.close();
await sim.close();
