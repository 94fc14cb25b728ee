// Requests per second the Splynx simulator sustains on loopback for an item GET, a customer POST
// and a filtered search, with a fixed number of requests in flight. Prints figures; asserts nothing.
import { Agent, request } from 'undici';
import { sign } from '../source/simulators/splynx/auth.js';
import { startSplynxSimulator } from '../source/simulators/splynx/server.js';

const IN_FLIGHT = 16;
const SEED_CUSTOMERS = 2_000;
const REQUESTS = 4_000;

const sim = await startSplynxSimulator();
const agent = new Agent({ connections: IN_FLIGHT, pipelining: 1 });
const { apiKey, apiSecret } = sim.credentials;
const nonce = Date.now();
const login = await request(`${sim.apiBase}/admin/auth/tokens`, {
  method: 'POST',
  dispatcher: agent,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    auth_type: 'api_key',
    key: apiKey,
    nonce,
    signature: sign(apiSecret, nonce, apiKey),
  }),
});
const { access_token } = (await login.body.json()) as { access_token: string };
const headers = {
  authorization: `Splynx-EA (access_token=${access_token})`,
  'content-type': 'application/json',
};

async function send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<number> {
  const res = await request(`${sim.apiBase}/${path}`, {
    method,
    headers,
    dispatcher: agent,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.body.text();
  return res.statusCode;
}

async function measure(label: string, next: (i: number) => Promise<number>): Promise<void> {
  let issued = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (issued < REQUESTS) {
        const status = await next(issued++);
        if (status >= 400) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label.padEnd(36)} ${String(Math.round(REQUESTS / seconds)).padStart(7)} req/s  (${REQUESTS} requests, ${failures} failures)`,
  );
}

for (let i = 0; i < SEED_CUSTOMERS; i++) {
  sim.db.insert('customers', {
    name: `Seed ${i}`,
    login: `seed-${i}`,
    status: i % 3 ? 'active' : 'blocked',
  });
}
console.log(
  `Splynx simulator on loopback, ${IN_FLIGHT} in flight, ${SEED_CUSTOMERS} customers seeded`,
);
await measure('GET admin/customers/customer/{id}', (i) =>
  send('GET', `admin/customers/customer/${(i % SEED_CUSTOMERS) + 1}`),
);
await measure('POST admin/customers/customer', (i) =>
  send('POST', 'admin/customers/customer', {
    name: `Bench ${i}`,
    login: `bench-${i}`,
    email: `b${i}@x.io`,
    city: 'Town',
  }),
);
await measure('GET search (LIKE login, limit 10)', (i) =>
  send(
    'GET',
    `admin/customers/customer?main_attributes[login][0]=LIKE&main_attributes[login][1]=bench-${i % 100}&limit=10`,
  ),
);
await agent.close();
await sim.close();
