// A loopback Splynx REST API (`/api/2.0/`) following splynx-api.md §10, for the demo, the
// end-to-end tests and the client's tests. One process-local database, seeded like a fresh
// install; fault switches and inspection routes (`/__sim/...`) for tests.
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { Redactor } from '../../redact.js';
import { FaultController, sleep } from '../faults.js';
import { openSplynxData } from '../persist/splynx-data.js';
import { RequestLog } from '../request-log.js';
import { AuthState, type Credentials } from './auth.js';
import { SplynxDb } from './db.js';
import { inspect } from './inspection.js';
import { lieReply, takeLie } from './lies.js';
import { type CurrentOptions, currentOptions, type SplynxSimulatorOptions } from './options.js';
import { parsePhpQuery } from './php-query.js';
import { envelope, type Reply, ReplyError } from './replies.js';
import { route } from './routes.js';
import { seed } from './seed.js';

export { SplynxDb, SplynxTable } from './db.js';
export type { SplynxSimulatorOptions } from './options.js';

export interface SplynxSimulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + '/api/2.0' */
  apiBase: string;
  credentials: Credentials;
  faults: FaultController;
  log: RequestLog;
  /** The current options; change them in place (or through POST /__sim/options). */
  options: CurrentOptions;
  db: SplynxDb;
  close(): Promise<void>;
}

const API_PREFIX = '/api/2.0/';
const MAX_BODY_BYTES = 20 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ReplyError(envelope(400, 'BAD_REQUEST', 'Body too large'));
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** JSON, form-encoded (PHP brackets) or multipart, as Splynx accepts all three. */
async function decodeBody(req: IncomingMessage, raw: Buffer): Promise<unknown> {
  if (raw.length === 0) return undefined;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const text = raw.toString('utf8');
  if (type.includes('application/x-www-form-urlencoded')) return parsePhpQuery(text);
  if (type.includes('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    const params = new URLSearchParams();
    for (const [key, value] of form) if (typeof value === 'string') params.append(key, value);
    return parsePhpQuery(params.toString());
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ReplyError(envelope(400, 'BAD_REQUEST', 'Invalid JSON body'));
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const body = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
  const headers: Record<string, string> = { ...reply.headers };
  if (body && reply.raw === undefined) headers['Content-Type'] = 'application/json; charset=UTF-8';
  headers['Content-Length'] = String(Buffer.byteLength(body));
  res.writeHead(reply.status, headers);
  res.end(reply.status === 204 || body === '' ? undefined : body);
}

export async function startSplynxSimulator(
  input: SplynxSimulatorOptions = {},
): Promise<SplynxSimulator> {
  const credentials: Credentials = {
    apiKey: input.apiKey ?? 'demo-api-key',
    apiSecret: input.apiSecret ?? 'demo-api-secret',
    adminLogin: input.adminLogin ?? 'admin',
    adminPassword: input.adminPassword ?? 'demo-admin-password',
  };
  const options = currentOptions(input);
  const faults = new FaultController(input.faults);
  const log = new RequestLog();
  const db = new SplynxDb();
  seed(db, { login: credentials.adminLogin, password: credentials.adminPassword });
  const stored = input.dataDir ? await openSplynxData(db, input.dataDir) : undefined;
  const auth = new AuthState(credentials, options, db);
  const redactor = new Redactor([credentials.apiSecret, credentials.adminPassword]);
  const closing = new AbortController();
  // Every request sleeping out a latency or timeout fault listens on it: many at once is normal.
  setMaxListeners(0, closing.signal);
  const sockets = new Set<Socket>();

  async function handleApi(
    req: IncomingMessage,
    url: URL,
    method: string,
    body: unknown,
  ): Promise<{ reply: Reply; fault?: string }> {
    const path = url.pathname.slice(API_PREFIX.length).replace(/\/+$/, '');
    const isAuthCall = path.startsWith('admin/auth/tokens');
    const decision = faults.decide({
      isRead: ['GET', 'HEAD', 'OPTIONS'].includes(method),
      isCreate: method === 'POST' && !isAuthCall,
    });
    const latency = faults.current.latencyMs;
    if (latency > 0) await sleep(latency, closing.signal);
    if (decision.type === 'rate-limit') {
      const reply = envelope(429, 'TOO_MANY_REQUESTS', 'Too many requests');
      reply.headers = { 'Retry-After': String(decision.retryAfterSeconds) };
      return { reply, fault: decision.type };
    }
    if (decision.type === 'server-error')
      return { reply: envelope(500, 'SERVER_ERROR'), fault: decision.type };
    if (decision.type === 'timeout') {
      await sleep(decision.ms, closing.signal);
      return { reply: envelope(504, 'SERVER_ERROR', 'Gateway timeout'), fault: decision.type };
    }
    const reply = run(() =>
      route({ db, options }, auth, {
        method,
        path,
        query: parsePhpQuery(url.search),
        body,
        authorization: req.headers.authorization,
        userAgent: req.headers['user-agent'],
      }),
    );
    if (decision.type === 'commit-then-fail' && reply.status === 201) {
      return { reply: envelope(500, 'SERVER_ERROR'), fault: decision.type };
    }
    const lie = takeLie(options, method, path);
    if (lie) return { reply: lieReply(lie, reply), fault: `lie:${lie}` };
    return { reply };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: unknown;
    let outcome: { reply: Reply; fault?: string };
    try {
      body = await decodeBody(req, await readBody(req));
      if (url.pathname.startsWith('/__sim/')) {
        send(
          res,
          inspect(
            { db, log, faults, options },
            method,
            url.pathname.slice(7),
            url.searchParams,
            body,
          ),
        );
        return;
      }
      outcome = url.pathname.startsWith(API_PREFIX)
        ? await handleApi(req, url, method, body)
        : { reply: envelope(404, 'NOT_FOUND', 'Not found') };
    } catch (error) {
      outcome = {
        reply:
          error instanceof ReplyError ? error.reply : envelope(500, 'SERVER_ERROR', String(error)),
      };
    }
    if (closing.signal.aborted) {
      res.destroy();
      return;
    }
    send(res, outcome.reply);
    log.add({
      at: Date.now(),
      method,
      url: url.pathname + url.search,
      status: outcome.reply.status,
      ms: performance.now() - started,
      ...(body === undefined || method === 'GET' ? {} : { body: redactor.value(body) }),
      ...(outcome.fault ? { fault: outcome.fault } : {}),
    });
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => res.destroy());
  };
  const server = input.tls ? createHttpsServer(input.tls, listener) : createServer(listener);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(input.port ?? 0, input.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${input.tls ? 'https' : 'http'}://${host}:${address.port}`;

  return {
    url,
    apiBase: `${url}/api/2.0`,
    credentials,
    faults,
    log,
    options,
    db,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => {
          stored?.close();
          resolve();
        });
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function run(fn: () => Reply): Reply {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ReplyError) return error.reply;
    throw error;
  }
}
