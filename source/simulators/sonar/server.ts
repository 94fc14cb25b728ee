// The loopback Sonar: POST /api/graphql with Bearer auth, fault switches, an optional per-minute
// limit, and inspection routes for tests (sonar-api.md §1 and §7.1).
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type DocumentNode,
  execute,
  GraphQLError,
  type GraphQLFormattedError,
  parse,
  validate,
} from 'graphql';
import * as v from 'valibot';
import { FaultController, type FaultSettingsInput, sleep } from '../faults.js';
import { openSonarData } from '../persist/sonar-data.js';
import { RequestLog } from '../request-log.js';
import {
  SONAR_TABLES,
  type SonarRow,
  type SonarTableName,
  type SonarTables,
} from '../sonar-dataset/tables.js';
import { createSonarContext, type SonarContext, sonarExecutableSchema } from './resolvers.js';
import { SEARCH_READINGS, type SearchReading } from './search.js';
import { SonarStore } from './store.js';

export interface SonarSimulatorOptions {
  dataset: { tables: SonarTables };
  /**
   * Keep changes to the data in this directory (`sonar.ndjson`), each on disk before it is
   * answered, replayed over the same dataset at the next start. Without it, memory only.
   */
  dataDir?: string;
  /** Default 'sonar-demo-token'; sent as `Authorization: Bearer <token>`. */
  token?: string;
  host?: string;
  port?: number;
  faults?: FaultSettingsInput;
  /** Root collections without a paginator: null = every row (default). */
  defaultPageSize?: number | null;
  /** Nested connections without a paginator: null = every row (default); see PageSettings. */
  nestedPageSize?: number | null;
  /** How same-attribute entries in one Search object combine (search.ts); default mixed. */
  searchReading?: SearchReading;
  /** records_per_page is clamped to this (default 10,000) and the clamp shows in page_info. */
  maxPageSize?: number;
  /** B4: more than this many requests per 60 s window answer 429; 0/undefined = off. */
  rateLimitPerMinute?: number;
}

export interface SonarSimulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + '/api/graphql' */
  endpoint: string;
  token: string;
  faults: FaultController;
  /** Page and search behaviour, changeable while running (also POST /__sim/settings). */
  settings(patch?: Partial<Omit<SonarSettings, 'maxPageSize'>>): SonarSettings;
  log: RequestLog;
  tables: SonarTables;
  /**
   * Changes Sonar's data between runs, as operators do during the weeks of a migration (also
   * over HTTP: PATCH, POST and DELETE /__sim/records/{table}[/{id}]).
   */
  records: {
    patch(table: SonarTableName, id: number, fields: Record<string, unknown>): SonarRow | undefined;
    insert(table: SonarTableName, fields: Record<string, unknown>): SonarRow;
    remove(table: SonarTableName, id: number): boolean;
  };
  close(): Promise<void>;
}

const GraphQLBody = v.object({
  query: v.pipe(v.string(), v.minLength(1)),
  variables: v.nullish(v.record(v.string(), v.unknown())),
  operationName: v.nullish(v.string()),
});

export interface SonarSettings {
  defaultPageSize: number | null;
  nestedPageSize: number | null;
  maxPageSize: number;
  searchReading: SearchReading;
}

const pageSizeSetting = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1)));
const SettingsPatch = v.strictObject({
  defaultPageSize: v.optional(pageSizeSetting),
  nestedPageSize: v.optional(pageSizeSetting),
  searchReading: v.optional(v.picklist(SEARCH_READINGS)),
});

function bodyOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The largest records_per_page a request names, in its variables or inline in the query. */
function pageSizeOf(body: string): number | undefined {
  let largest: number | undefined;
  for (const match of body.matchAll(/records_per_page\\?"?\s*:\s*(\d+)/g)) {
    largest = Math.max(largest ?? 0, Number(match[1]));
  }
  return largest;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

class BadRequest extends Error {}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new BadRequest('Request body too large.'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('The request body is not valid JSON.');
  }
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

function issuesOf(error: unknown): { path: string; message: string }[] {
  if (error instanceof v.ValiError) {
    return error.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? '',
      message: issue.message,
    }));
  }
  return [{ path: '', message: error instanceof Error ? error.message : String(error) }];
}

export async function startSonarSimulator(options: SonarSimulatorOptions): Promise<SonarSimulator> {
  const token = options.token ?? 'sonar-demo-token';
  const store = new SonarStore(options.dataset.tables);
  const stored = options.dataDir ? await openSonarData(store, options.dataDir) : undefined;
  const faults = new FaultController(options.faults);
  const log = new RequestLog();
  const schema = sonarExecutableSchema();
  const context: SonarContext = createSonarContext(
    store,
    {
      defaultPageSize: options.defaultPageSize ?? null,
      nestedPageSize: options.nestedPageSize ?? null,
      maxPageSize: options.maxPageSize ?? 10_000,
    },
    options.searchReading ?? 'mixed',
  );
  const limit = options.rateLimitPerMinute ?? 0;
  const window = { start: 0, count: 0 };
  const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
  const closing = new AbortController();
  // Every request sleeping out a latency or timeout fault listens on it: many at once is normal.
  setMaxListeners(0, closing.signal);
  let serverErrors = 0;

  function compile(query: string): DocumentNode | readonly GraphQLError[] {
    const cached = documents.get(query);
    if (cached) return cached;
    let result: DocumentNode | readonly GraphQLError[];
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      result = errors.length > 0 ? errors : document;
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      result = [error];
    }
    if (documents.size >= 500) documents.clear();
    documents.set(query, result);
    return result;
  }

  async function graphqlRoute(request: IncomingMessage, response: ServerResponse) {
    const started = Date.now();
    const record = (status: number, extra: { body?: unknown; fault?: string } = {}) =>
      log.add({
        at: started,
        method: request.method ?? 'POST',
        url: request.url ?? '',
        status,
        ms: Date.now() - started,
        ...extra,
      });

    await sleep(faults.current.latencyMs, closing.signal);
    if (request.headers.authorization !== `Bearer ${token}`) {
      send(response, 401, { message: 'Unauthenticated.' });
      return record(401);
    }
    let text: string;
    try {
      text = await readBody(request);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      send(response, 400, { errors: [{ message: error.message }] });
      return record(400);
    }
    const decision = faults.decide({ isRead: true, isCreate: false, pageSize: pageSizeOf(text) });
    if (decision.type === 'rate-limit') {
      send(
        response,
        429,
        { error: `Request limit of ${limit || 400}/min reached.` },
        { 'retry-after': String(decision.retryAfterSeconds) },
      );
      return record(429, { fault: 'rate-limit' });
    }
    if (decision.type === 'timeout') {
      // Hold the request until the client gives up, the hold ends, or the server closes.
      const held = new AbortController();
      const release = () => held.abort();
      response.on('close', release);
      closing.signal.addEventListener('abort', release, { once: true });
      await sleep(decision.ms, held.signal);
      closing.signal.removeEventListener('abort', release);
      response.destroy();
      // The body shows which request was held (timeoutAbovePageSize holds by page size).
      return record(0, { fault: 'timeout', body: bodyOf(text) });
    }
    if (decision.type === 'server-error') {
      serverErrors++;
      if (serverErrors % 2 === 1) {
        send(
          response,
          500,
          '<!DOCTYPE html><html><head><title>Server Error</title></head><body>500 | Server Error</body></html>',
        );
        return record(500, { fault: 'server-error' });
      }
      send(response, 503, { message: 'Service Unavailable' });
      return record(503, { fault: 'server-error' });
    }
    if (limit > 0) {
      const now = Date.now();
      if (now - window.start >= 60_000) {
        window.start = now;
        window.count = 0;
      }
      if (++window.count > limit) {
        const wait = Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
        send(
          response,
          429,
          { error: `Request limit of ${limit}/min reached.` },
          { 'retry-after': String(wait) },
        );
        return record(429, { fault: 'rate-limit' });
      }
    }

    let raw: unknown;
    try {
      raw = parseJson(text);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      send(response, 400, { errors: [{ message: error.message }] });
      return record(400);
    }
    const parsed = v.safeParse(GraphQLBody, raw);
    if (!parsed.success) {
      const errors = issuesOf(new v.ValiError(parsed.issues)).map((issue) => ({
        message: `Invalid request body at "${issue.path}": ${issue.message}`,
      }));
      send(response, 400, { errors });
      return record(400);
    }
    const { query, variables, operationName } = parsed.output;
    const compiled = compile(query);
    let result: { data?: unknown; errors?: readonly GraphQLFormattedError[] };
    if (Array.isArray(compiled)) {
      result = { errors: compiled.map((error) => error.toJSON()) };
    } else {
      const executed = await execute({
        schema,
        document: compiled as DocumentNode,
        variableValues: variables ?? undefined,
        operationName: operationName ?? undefined,
        contextValue: context,
      });
      result = {
        ...(executed.errors ? { errors: executed.errors.map((error) => error.toJSON()) } : {}),
        data: executed.data ?? null,
      };
    }
    send(response, 200, result);
    record(200, { body: { query, variables: variables ?? null } });
  }

  function settings(): SonarSettings {
    return {
      defaultPageSize: context.pages.defaultPageSize,
      nestedPageSize: context.pages.nestedPageSize ?? null,
      maxPageSize: context.pages.maxPageSize,
      searchReading: context.searchReading ?? 'mixed',
    };
  }

  function applySettings(patch: v.InferOutput<typeof SettingsPatch>): SonarSettings {
    if (patch.nestedPageSize !== undefined) context.pages.nestedPageSize = patch.nestedPageSize;
    if (patch.defaultPageSize !== undefined) context.pages.defaultPageSize = patch.defaultPageSize;
    if (patch.searchReading !== undefined) context.searchReading = patch.searchReading;
    return settings();
  }

  async function inspectionRoute(request: IncomingMessage, response: ServerResponse, path: string) {
    if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) {
      return send(response, 403, { message: 'Inspection routes answer loopback clients only.' });
    }
    const method = request.method ?? 'GET';
    if (path === '/__sim/health' && method === 'GET') {
      return send(response, 200, { ok: true, accounts: store.rows('accounts').length });
    }
    if (path === '/__sim/requests' && method === 'GET') {
      return send(response, 200, { requests: log.list(), counts: log.counts });
    }
    if (path === '/__sim/faults' && method === 'GET') return send(response, 200, faults.current);
    if (path === '/__sim/settings' && method === 'GET') return send(response, 200, settings());
    if (path === '/__sim/settings' && method === 'POST') {
      const parsed = v.safeParse(SettingsPatch, parseJson(await readBody(request)));
      if (!parsed.success) {
        return send(response, 400, {
          message: 'Invalid settings.',
          issues: issuesOf(new v.ValiError(parsed.issues)),
        });
      }
      return send(response, 200, applySettings(parsed.output));
    }
    if (path === '/__sim/faults' && method === 'POST') {
      try {
        return send(response, 200, faults.set(parseJson(await readBody(request)) as never));
      } catch (error) {
        if (error instanceof BadRequest) throw error;
        return send(response, 400, { message: 'Invalid fault settings.', issues: issuesOf(error) });
      }
    }
    const match = /^\/__sim\/records\/([a-z_]+)\/(\d+)$/.exec(path);
    if (match && method === 'PATCH') {
      const table = match[1] as SonarTableName;
      if (!SONAR_TABLES.includes(table)) {
        return send(response, 404, { message: `No table ${table}.` });
      }
      const patch = parseJson(await readBody(request));
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
        return send(response, 400, { message: 'Send a JSON object of fields to merge.' });
      }
      const row = store.patch(table, Number(match[2]), patch as Record<string, unknown>);
      if (!row) return send(response, 404, { message: `No ${table} row ${match[2]}.` });
      return send(response, 200, { record: row });
    }
    if (match && method === 'DELETE') {
      const table = match[1] as SonarTableName;
      if (!SONAR_TABLES.includes(table)) {
        return send(response, 404, { message: `No table ${table}.` });
      }
      if (!store.remove(table, Number(match[2]))) {
        return send(response, 404, { message: `No ${table} row ${match[2]}.` });
      }
      return send(response, 200, { deleted: Number(match[2]) });
    }
    const insert = /^\/__sim\/records\/([a-z_]+)$/.exec(path);
    if (insert && method === 'POST') {
      const table = insert[1] as SonarTableName;
      if (!SONAR_TABLES.includes(table)) {
        return send(response, 404, { message: `No table ${table}.` });
      }
      const fields = parseJson(await readBody(request));
      if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
        return send(response, 400, { message: 'Send a JSON object: the new row.' });
      }
      try {
        return send(response, 201, {
          record: store.insert(table, fields as Record<string, unknown>),
        });
      } catch (error) {
        return send(response, 409, { message: (error as Error).message });
      }
    }
    return send(response, 404, { message: 'Not found.' });
  }

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const refuse = (status: number, message: string) => {
      send(response, status, { message });
      log.add({
        at: Date.now(),
        method: request.method ?? '',
        url: request.url ?? '',
        status,
        ms: 0,
      });
      return Promise.resolve();
    };
    const handled =
      path === '/api/graphql' || path === '/api/graphql/'
        ? request.method === 'POST'
          ? graphqlRoute(request, response)
          : refuse(
              405,
              `The ${request.method} method is not supported for this route. Supported methods: POST.`,
            )
        : path.startsWith('/__sim/')
          ? inspectionRoute(request, response, path)
          : refuse(404, 'Not found.');
    handled.catch((error: unknown) => {
      if (response.headersSent) return response.destroy();
      if (error instanceof BadRequest)
        return send(response, 400, { errors: [{ message: error.message }] });
      send(response, 500, { message: `Simulator failure: ${String(error)}` });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  return {
    url,
    endpoint: `${url}/api/graphql`,
    token,
    faults,
    settings: (patch = {}) => applySettings(v.parse(SettingsPatch, patch)),
    log,
    tables: store.tables,
    records: {
      patch: (table, id, fields) => store.patch(table, id, fields),
      insert: (table, fields) => store.insert(table, fields),
      remove: (table, id) => store.remove(table, id),
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => {
          stored?.close();
          return error ? reject(error) : resolve();
        });
        server.closeAllConnections();
      }),
  };
}
