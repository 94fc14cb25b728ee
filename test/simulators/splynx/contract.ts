// Holds one Splynx answer against what the references say it should be: the blueprint's declared
// response for that method and URI (status, whether a list or an object, top-level attribute
// names), and the live capture (live-endpoints.json) where one exists. It reports what differs;
// an empty list means the answer is one Splynx documents.
//
// Allowed top-level keys of a record are the declared structure's attributes (inherited ones
// included) and, on reads, those of every structure the blueprint declares for the same
// collection's reads (it describes a list row and a single record separately, and the two do not
// always agree: `Customer comments Response` has pinned_date, `Customer comment Response` not),
// `additional_attributes` on reads (the blueprint's "Additional fields" section: "for
// most models there are additional fields in the additional_attributes array from response"), and
// the fields a real install answered for that endpoint. A create's answer must carry every
// attribute its structure declares ({id}, or {name} for an additional field); a read, every one it
// marks required. Anything else is a shape the simulator made up.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  attributesOf,
  type Blueprint,
  type BlueprintAction,
  familyOf,
  findAction,
  templatePath,
} from '../../splynx/blueprint.js';

export interface LiveEndpoint {
  status: number;
  fields: string[];
  schema: { attributes?: { name: string }[]; [key: string]: unknown } | null;
}
export interface LiveCapture {
  endpoint_analysis: Record<string, LiveEndpoint>;
}

export interface Answer {
  method: string;
  /** Under /api/2.0/, no slashes at either end, no query string. */
  path: string;
  status: number;
  /** The body as sent ('' when none). */
  text: string;
}

/**
 * Where the references disagree, the simulator has a switch; the checker is told which reading
 * the answers were given under and holds them to that reading's source.
 */
export interface Readings {
  /** OPTIONS: the live object (live-endpoints.json) or the blueprint's flat array. */
  options: 'live' | 'blueprint';
  /** 422 bodies: the envelope the blueprint documents, or the inferred `[{field, message}]`. */
  errors: 'envelope' | 'array';
}

export const BLUEPRINT_READINGS: Readings = { options: 'blueprint', errors: 'envelope' };

export const LIVE_FILE = path.resolve(
  import.meta.dirname,
  '../../../../shared/reference/splynx/live-endpoints.json',
);

let cachedLive: LiveCapture | undefined;
/** The real capture, read from ../shared (never copied into this repository). */
export function loadLive(): LiveCapture {
  cachedLive ??= JSON.parse(readFileSync(LIVE_FILE, 'utf8')) as LiveCapture;
  return cachedLive;
}

/**
 * HTTP error statuses the references name: the blueprint's "Error handling" list, plus 422 which
 * the live instance answered to invalid creates (splynx-api.md §3.2).
 */
const ERROR_STATUSES = new Set([400, 401, 403, 404, 405, 422, 500]);

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** The live capture of this path's collection (an item path falls back to its collection). */
export function liveFor(live: LiveCapture, answerPath: string): LiveEndpoint | undefined {
  const analysis = live.endpoint_analysis;
  const collection = answerPath.replace(/\/\d+$/, '');
  const found = analysis[answerPath] ?? analysis[collection];
  return found && found.status < 300 ? found : undefined;
}

function liveNames(capture: LiveEndpoint | undefined): string[] {
  if (!capture) return [];
  return [...capture.fields, ...(capture.schema?.attributes ?? []).map((a) => a.name)];
}

function checkError(answer: Answer, json: unknown, readings: Readings): string[] {
  const out: string[] = [];
  if (!ERROR_STATUSES.has(answer.status)) {
    out.push(`answered ${answer.status}, a status no reference names`);
  }
  if (answer.status === 422 && readings.errors === 'array' && Array.isArray(json)) {
    for (const issue of json) {
      if (!isObject(issue) || Object.keys(issue).sort().join() !== 'field,message') {
        out.push(`answered a 422 entry ${JSON.stringify(issue)}, not {field, message}`);
      }
    }
    return out;
  }
  // Response codes → Error handling: {"error": {"message", "code", "internal_code"}}.
  const inner = isObject(json) ? json.error : undefined;
  if (!isObject(json) || Object.keys(json).join() !== 'error' || !isObject(inner)) {
    return [...out, `answered the error ${JSON.stringify(json)}, not the documented envelope`];
  }
  const extra = Object.keys(inner).filter(
    (k) => !['message', 'code', 'internal_code', 'fields'].includes(k),
  );
  if (typeof inner.message !== 'string') out.push('error envelope without a message');
  if (inner.code !== answer.status) out.push(`error code ${inner.code} ≠ status ${answer.status}`);
  if (typeof inner.internal_code !== 'string' || !/^[A-Z_0-9]+$/.test(inner.internal_code)) {
    out.push(`error internal_code ${JSON.stringify(inner.internal_code)} is not /[A-Z_0-9]+/`);
  }
  // `fields` rides along only on an enveloped 422 (the simulator's errorShape 'envelope').
  if (extra.length > 0 || ('fields' in inner && answer.status !== 422)) {
    out.push(`error envelope invents ${extra.join(', ') || 'fields'}`);
  }
  return out;
}

/** OPTIONS under the live reading: the captured object's keys, each entry a Base options one. */
function checkLiveOptions(blueprint: Blueprint, live: LiveCapture, answer: Answer, json: unknown) {
  const out: string[] = [];
  if (answer.status !== 200) return [`answered ${answer.status}, the live instance 200`];
  if (!isObject(json)) return ['answered OPTIONS with a list; the live instance answers an object'];
  const captured = liveFor(live, answer.path)?.schema;
  const keys = Object.keys(json).sort();
  const expected = captured
    ? Object.keys(captured).sort()
    : keys.filter((k) => k === 'attributes' || k === 'additional_attributes');
  if (keys.join() !== expected.join()) {
    out.push(`answered OPTIONS keys ${keys.join(', ')}; live ${expected.join(', ')}`);
  }
  const entryChecks: [string, string][] = [
    ['attributes', 'Base options response'],
    ['additional_attributes', 'Base options with AFs response'],
  ];
  for (const [key, structure] of entryChecks) {
    const allowed = new Set(attributesOf(blueprint, structure).all);
    for (const entry of Array.isArray(json[key]) ? (json[key] as unknown[]) : []) {
      const invented = isObject(entry) ? Object.keys(entry).filter((k) => !allowed.has(k)) : [];
      for (const k of invented) out.push(`OPTIONS ${key} entry invents ${k} (not in ${structure})`);
    }
  }
  return out;
}

/** Attribute names of every structure the blueprint declares for reads of this collection. */
function familyNames(blueprint: Blueprint, action: BlueprintAction): string[] {
  const family = familyOf(action.uri);
  const names: string[] = [];
  for (const other of blueprint.actions) {
    if (other.method !== 'GET' || familyOf(other.uri) !== family) continue;
    for (const response of other.responses) {
      for (const type of response.attributes?.types ?? []) {
        names.push(...attributesOf(blueprint, type).all);
      }
    }
  }
  return names;
}

/** What is wrong with this answer; empty when the references document it. */
export function checkAnswer(
  blueprint: Blueprint,
  live: LiveCapture,
  answer: Answer,
  readings: Readings,
): string[] {
  let json: unknown;
  if (answer.text !== '') {
    try {
      json = JSON.parse(answer.text);
    } catch {
      return [`answered ${answer.status} with a body that is not JSON`];
    }
  }
  if (answer.status >= 400) return checkError(answer, json, readings);
  if (answer.method === 'OPTIONS' && readings.options === 'live') {
    return checkLiveOptions(blueprint, live, answer, json);
  }

  const action = findAction(blueprint, answer.method, answer.path);
  if (!action) return [`${answer.method} ${answer.path} is not in the blueprint`];
  const declared = action.responses.find((r) => r.status === answer.status);
  if (!declared) {
    const statuses = action.responses.map((r) => r.status).join(', ') || 'none';
    return [`answered ${answer.status}; "${action.name}" declares ${statuses}`];
  }
  const attributes = declared.attributes;
  if (!attributes) {
    return json === undefined ? [] : [`answered a body; "${action.name}" declares none`];
  }
  if (json === undefined) return [`answered no body; "${action.name}" declares one`];
  if (attributes.array !== Array.isArray(json)) {
    return [
      `answered ${Array.isArray(json) ? 'a list' : 'an object'}; "${action.name}" declares ${attributes.array ? 'a list' : 'an object'}`,
    ];
  }

  const declaredNames = new Set<string>();
  const required = new Set<string>();
  for (const type of attributes.types) {
    const of = attributesOf(blueprint, type);
    for (const name of of.all) declaredNames.add(name);
    // A create's answer is its whole structure ({id}, {name}); a read must hold the required.
    for (const name of answer.method === 'POST' ? of.all : of.required) required.add(name);
  }
  const capture = answer.method === 'GET' ? liveFor(live, answer.path) : undefined;
  const allowed = new Set([
    ...declaredNames,
    ...liveNames(capture),
    ...(answer.method === 'GET'
      ? ['additional_attributes', ...familyNames(blueprint, action)]
      : []),
  ]);
  const rows = Array.isArray(json) ? json : [json];
  const out = new Set<string>();
  const types = attributes.types.join(', ');
  for (const row of rows) {
    if (!isObject(row)) {
      out.add(`answered ${JSON.stringify(row)} where "${types}" is an object`);
      continue;
    }
    const keys = Object.keys(row);
    for (const key of keys) if (!allowed.has(key)) out.add(`invents ${key} (not in ${types})`);
    // A list of both kinds of entries (OPTIONS) need not hold every kind's required fields.
    if (attributes.types.length === 1) {
      for (const name of required) {
        if (!keys.includes(name)) out.add(`lacks ${name}, which "${types}" declares`);
      }
    }
    for (const name of capture?.fields ?? []) {
      if (!keys.includes(name)) out.add(`lacks ${name}, which the live instance answers`);
    }
  }
  return [...out];
}

/** The blueprint's URI template a request reached, for grouping findings. */
export function templateOf(blueprint: Blueprint, method: string, answerPath: string): string {
  const action = findAction(blueprint, method, answerPath);
  return action ? templatePath(action.uri) : answerPath;
}
