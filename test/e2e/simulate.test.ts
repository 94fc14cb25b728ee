// `s2s simulate`: both simulators in the foreground; the printed exports work as they are, and
// Ctrl-C stops them cleanly.
import { describe, expect, it } from 'vitest';
import { startCli } from './harness.js';

describe('s2s simulate', () => {
  it('prints URLs and credentials that answer, and stops on SIGINT with exit 0', async () => {
    const sim = startCli(['simulate', '--accounts', '20', '--seed', '2'], {});
    let out = '';
    sim.child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    for (let i = 0; i < 300 && !out.includes('Ctrl-C'); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const env = Object.fromEntries(
      [...out.matchAll(/export (\w+)=(\S+)/g)].map((m) => [m[1] as string, m[2] as string]),
    );
    expect(Object.keys(env).sort()).toEqual([
      'SONAR_TOKEN',
      'SONAR_URL',
      'SPLYNX_API_KEY',
      'SPLYNX_API_SECRET',
      'SPLYNX_URL',
    ]);
    const sonar = await fetch(`${env.SONAR_URL}/api/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.SONAR_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ accounts { page_info { total_count } } }' }),
    });
    expect(await sonar.json()).toEqual({ data: { accounts: { page_info: { total_count: 20 } } } });
    // Splynx answers there, and asks for credentials like the real one.
    const splynx = await fetch(`${env.SPLYNX_URL}/api/2.0/admin/customers/customer`);
    expect(splynx.status).toBe(401);
    expect(await splynx.json()).toMatchObject({
      error: { internal_code: 'MISSED_AUTHORIZATION_HEADER' },
    });
    sim.child.kill('SIGINT');
    const result = await sim.result;
    expect(result.code).toBe(0);
  });
});
