// Helpers shared by the Splynx client tests: a MockAgent that refuses real network, readers for
// what the client put on the wire, and a clock whose sleeps cost nothing.
import { MockAgent } from 'undici';
import type { Clock } from '../../source/splynx/client-options.js';

export const ORIGIN = 'http://splynx.test';
export const API = '/api/2.0';

export function mockSplynx() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return { agent, pool: agent.get(ORIGIN) };
}

interface Seen {
  headers?: Headers | Record<string, string>;
  body?: unknown;
}

export function headerOf(opts: Seen, name: string): string | undefined {
  const h = opts.headers;
  if (!h) return undefined;
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const key = Object.keys(h).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : h[key];
}

export function jsonBodyOf(opts: Seen): unknown {
  return typeof opts.body === 'string' ? JSON.parse(opts.body) : undefined;
}

export function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
  };
  return {
    clock,
    sleeps,
    advance(ms: number) {
      now += ms;
    },
    get now() {
      return now;
    },
  };
}

export const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8' };
