// A bare HTTP caller for the simulator tests: no retries, no coercion, so every test sees
// exactly what the simulator put on the wire.
import { sign } from '../../../source/simulators/splynx/auth.js';
import type { SplynxSimulator } from '../../../source/simulators/splynx/server.js';

export interface WireResponse {
  status: number;
  text: string;
  json: unknown;
  headers: Headers;
}

export async function call(
  sim: SplynxSimulator,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; form?: string } = {},
): Promise<WireResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = options.form;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const target = path.startsWith('/') ? `${sim.url}${path}` : `${sim.apiBase}/${path}`;
  const res = await fetch(target, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** Log in with the API key and return a caller that sends the access token. */
export async function session(sim: SplynxSimulator, nonce = Date.now()) {
  const { apiKey, apiSecret } = sim.credentials;
  const res = await call(sim, 'POST', 'admin/auth/tokens', {
    body: { auth_type: 'api_key', key: apiKey, nonce, signature: sign(apiSecret, nonce, apiKey) },
  });
  if (res.status !== 201) throw new Error(`login failed: ${res.status} ${res.text}`);
  const token = (res.json as { access_token: string }).access_token;
  const authorization = `Splynx-EA (access_token=${token})`;
  return (method: string, path: string, body?: unknown) =>
    call(sim, method, path, { body, headers: { authorization } });
}
