// A reader for the Splynx API Blueprint (../shared/reference/splynx/api-blueprint.apib), just
// enough of API Blueprint 1A and MSON to hold our simulator to what Splynx documents: resources
// and their URI templates, each action's method and responses (status and the attribute type),
// and the attribute names of every named data structure, inherited ones included.
//
// The file is hand-written and bends the format in places; each tolerance below is one it needs:
// headings without a space before `(Base)`, structures without a type (object implied), names in
// backticks, a structure heading with a single `#`, indentation of 2 or 4 spaces.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface TypeRef {
  /** The named structure, or a base type (`object`, `string`...) when none is named. */
  name: string;
  /** `array[Name]`: the answer is a list of these. */
  array: boolean;
}

export interface BlueprintResponse {
  status: number;
  /** From `+ Attributes (...)`; `array[A, B]` lists both element types. Absent: no body declared. */
  attributes?: { array: boolean; types: string[] };
}

export interface BlueprintAction {
  group: string;
  resource: string;
  name: string;
  method: string;
  /** The action's own URI template, else its resource's (query part included). */
  uri: string;
  responses: BlueprintResponse[];
  /** 1-based line of the `### ...` heading, for messages. */
  line: number;
}

export interface BlueprintStructure {
  name: string;
  /** `object`, or the structure it inherits from (`## Response (Base)`). */
  base: string;
  /** Top-level attribute names declared by this structure itself. */
  own: string[];
  /** Top-level attributes marked `required`. */
  required: string[];
}

export interface Blueprint {
  actions: BlueprintAction[];
  structures: Map<string, BlueprintStructure>;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const BASE_TYPES = new Set(['object', 'array', 'string', 'number', 'boolean', 'enum']);

/** `Name` from "`Name`", "Name " and the like. */
function cleanName(text: string): string {
  return text.trim().replace(/^`|`$/g, '').trim();
}

/** `## Name [URI]` or `### Name [METHOD URI]`: the name and what the brackets hold. */
function bracketed(heading: string): { name: string; inside: string } | undefined {
  const m = /^(.*?)\s*\[([^\]]*)\]\s*$/.exec(heading);
  return m ? { name: (m[1] ?? '').trim(), inside: (m[2] ?? '').trim() } : undefined;
}

/** `Name (Base)`, `Name(Base)` or a bare `Name` (MSON's default type is object). */
function structureHeading(heading: string): { name: string; base: string } {
  const m = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(heading);
  if (!m) return { name: cleanName(heading), base: 'object' };
  return { name: cleanName(m[1] ?? ''), base: cleanName(m[2] ?? '') || 'object' };
}

/** The top-level attribute on an MSON line `+ name: value (type, required) - text`. */
function attributeLine(line: string): { name: string; required: boolean } | undefined {
  // A name, then its value after `:`, or (a slip the file makes) a backticked value without one.
  const m = /^\+\s+(`[^`]+`|[A-Za-z0-9_.-]+)(?=\s*(?::|\(|-|`|$))/.exec(line);
  if (!m?.[1]) return undefined;
  const name = cleanName(m[1]);
  const type = /\(([^)]*)\)/.exec(line.slice(m[0].length))?.[1] ?? '';
  return { name, required: type.split(',').some((part) => part.trim() === 'required') };
}

/** `Name`, `array[Name]` or `array[A, B]` inside `+ Attributes (...)`. */
function attributesType(text: string): { array: boolean; types: string[] } {
  const inner = text.trim();
  const array = /^array\s*\[(.*)\]$/.exec(inner);
  const list = array ? (array[1] ?? '') : inner;
  return {
    array: array !== null,
    types: list
      .split(',')
      .map(cleanName)
      .filter((t) => t !== ''),
  };
}

export function parseBlueprint(text: string): Blueprint {
  const actions: BlueprintAction[] = [];
  const structures = new Map<string, BlueprintStructure>();
  let mode: 'intro' | 'group' | 'structures' = 'intro';
  let group = '';
  let resource: { name: string; uri: string } | undefined;
  let action: BlueprintAction | undefined;
  let structure: BlueprintStructure | undefined;
  // Which `+ X` block an indented `+ Attributes` belongs to: only a response's counts.
  let block: 'request' | 'response' | 'other' = 'other';

  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const heading = /^(#{1,3})\s+(.*?)\s*$/.exec(line);
    if (heading) {
      const level = (heading[1] ?? '').length;
      const title = heading[2] ?? '';
      block = 'other';
      if (level === 1) {
        action = undefined;
        structure = undefined;
        resource = undefined;
        const g = /^Group\s+(.*)$/.exec(title);
        if (g) {
          mode = 'group';
          group = (g[1] ?? '').trim();
        } else if (title === 'Data Structures') {
          mode = 'structures';
        } else if (mode === 'structures' && /\(.*\)\s*$/.test(title)) {
          // A structure written with one `#` by mistake (Tasks Attachment Response).
          const s = structureHeading(title);
          structure = { ...s, own: [], required: [] };
          structures.set(s.name, structure);
        }
        return;
      }
      if (mode === 'structures') {
        if (level === 2) {
          const s = structureHeading(title);
          structure = { ...s, own: [], required: [] };
          structures.set(s.name, structure);
        } else {
          structure = undefined;
        }
        return;
      }
      if (mode !== 'group') return;
      const b = bracketed(title);
      if (level === 2) {
        action = undefined;
        resource = b ? { name: b.name, uri: b.inside } : undefined;
        return;
      }
      // ### Action [METHOD] or [METHOD /uri]
      action = undefined;
      if (!b) return;
      const [method, ...rest] = b.inside.split(/\s+/);
      if (!method || !METHODS.includes(method)) return;
      const uri = rest.join(' ') || resource?.uri;
      if (!uri) return;
      action = {
        group,
        resource: resource?.name ?? '',
        name: b.name,
        method,
        uri,
        responses: [],
        line: index + 1,
      };
      actions.push(action);
      return;
    }

    if (mode === 'structures' && structure) {
      const attribute = attributeLine(line);
      if (attribute && !structure.own.includes(attribute.name)) {
        structure.own.push(attribute.name);
        if (attribute.required) structure.required.push(attribute.name);
      }
      return;
    }
    if (mode !== 'group' || !action) return;
    const item = /^\s*\+\s+(.*?)\s*$/.exec(line);
    if (!item) return;
    const body = item[1] ?? '';
    const response = /^Response\s+(\d{3})\b/.exec(body);
    if (response) {
      block = 'response';
      action.responses.push({ status: Number(response[1]) });
      return;
    }
    if (/^Request\b/.test(body)) {
      block = 'request';
      return;
    }
    const attributes = /^Attributes\s*\((.*)\)$/.exec(body);
    if (attributes && block === 'response') {
      const last = action.responses.at(-1);
      if (last) last.attributes = attributesType(attributes[1] ?? '');
      return;
    }
    // `+ Headers`, `+ Body` and friends live inside the current block; `+ Parameters` at the
    // action's own level ends it.
    if (/^Parameters\b/.test(body) && /^\+/.test(line)) block = 'other';
  });
  return { actions, structures };
}

/**
 * Every top-level attribute name of a structure, its bases' first (MSON inheritance).
 * Unknown names (a base type such as `object`) contribute nothing.
 */
export function attributesOf(
  blueprint: Blueprint,
  name: string,
  seen = new Set<string>(),
): { all: string[]; required: string[] } {
  const structure = blueprint.structures.get(name);
  if (!structure || seen.has(name)) return { all: [], required: [] };
  seen.add(name);
  const base: { all: string[]; required: string[] } = BASE_TYPES.has(structure.base)
    ? { all: [], required: [] }
    : attributesOf(blueprint, structure.base, seen);
  return {
    all: [...new Set([...base.all, ...structure.own])],
    required: [...new Set([...base.required, ...structure.required])],
  };
}

/** The path part of a URI template, without the leading slash. */
export function templatePath(uri: string): string {
  return (uri.split('?')[0] ?? '').replace(/^\/+/, '').replace(/\/+$/, '');
}

/**
 * The collection a template belongs to: its path without trailing placeholders, so the list
 * `customer-notes` and the item `customer-notes/{customer_id}--{id}` are one family.
 */
export function familyOf(uri: string): string {
  let out = templatePath(uri);
  for (;;) {
    const shorter = out.replace(/(?:\/|--)\{[^}]+\}$/, '');
    if (shorter === out) return out;
    out = shorter;
  }
}

function templatePattern(uri: string): { regex: RegExp; literal: number } {
  const tpl = templatePath(uri);
  let literal = 0;
  const source = tpl
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (/^\{[^}]+\}$/.test(part)) return '([^/]+?)';
      literal += part.length;
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp(`^${source}$`), literal };
}

/**
 * The action a request would reach: same method, and the most specific URI template (most
 * literal characters) matching the path. OPTIONS and HEAD on any collection fall back to the
 * "Base requests" the blueprint documents once for every endpoint.
 */
export function findAction(
  blueprint: Blueprint,
  method: string,
  requestPath: string,
): BlueprintAction | undefined {
  const wanted = requestPath.split('?')[0]?.replace(/^\/+|\/+$/g, '') ?? '';
  let best: { action: BlueprintAction; literal: number } | undefined;
  for (const action of blueprint.actions) {
    if (action.method !== method) continue;
    const { regex, literal } = templatePattern(action.uri);
    if (!regex.test(wanted)) continue;
    if (!best || literal > best.literal) best = { action, literal };
  }
  if (best) return best.action;
  if (method === 'OPTIONS' || method === 'HEAD') {
    return blueprint.actions.find(
      (a) => a.method === method && templatePath(a.uri) === 'example/entity/endpoint',
    );
  }
  return undefined;
}

export const BLUEPRINT_FILE = path.resolve(
  import.meta.dirname,
  '../../../shared/reference/splynx/api-blueprint.apib',
);

let cached: Blueprint | undefined;
/** The real blueprint, read from ../shared (never copied into this repository). */
export function loadBlueprint(): Blueprint {
  cached ??= parseBlueprint(readFileSync(BLUEPRINT_FILE, 'utf8'));
  return cached;
}
