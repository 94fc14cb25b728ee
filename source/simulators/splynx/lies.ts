// Answers that lie (test-only, off by default): what a broken proxy, a PHP warning or a dropped
// connection puts in front of a real Splynx. The request itself is always carried out first, so
// a write really happens and only its answer is wrong — the case a client must not get wrong.
import * as v from 'valibot';
import type { Reply } from './replies.js';

export const LIE_KINDS = [
  'non-json',
  'html-error',
  'error-envelope-200',
  'missing-id',
  'empty-object',
  'truncated',
] as const;
export type LieKind = (typeof LIE_KINDS)[number];

export const LieSchema = v.strictObject({
  kind: v.picklist(LIE_KINDS),
  /** How many matching requests get this answer. */
  count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 1),
  /** Only this method; any method when absent. */
  method: v.optional(v.picklist(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE'])),
  /** Only API paths starting with this (e.g. `admin/customers/customer`). */
  path: v.optional(v.string()),
});
export type Lie = v.InferOutput<typeof LieSchema>;

const TOKEN_PATH = 'admin/auth/tokens';

/** Whether `lie` applies to this request; token calls only when the path filter names them. */
export function lieMatches(lie: Lie, method: string, path: string): boolean {
  if (lie.count <= 0) return false;
  if (lie.method !== undefined && lie.method !== method) return false;
  if (lie.path !== undefined) return path.startsWith(lie.path.replace(/^\/+|\/+$/g, ''));
  return !path.startsWith(TOKEN_PATH);
}

/** Exactly what nginx sends when its upstream (PHP-FPM) is gone. */
export const NGINX_502_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
  '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** A PHP notice printed into the answer instead of the JSON. */
export const PHP_NOTICE =
  'Warning: Undefined array key "id" in /var/www/splynx/vendor/splynx/api/Controller.php on line 214\n';

export const LYING_ENVELOPE = {
  error: { message: 'Internal server error', code: 500, internal_code: 'SERVER_ERROR' },
};

function withoutId(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutId);
  if (value && typeof value === 'object') {
    const { id: _dropped, ...rest } = value as Record<string, unknown>;
    return rest;
  }
  return value;
}

/** The lying answer that replaces `real` (the answer the request actually earned). */
export function lieReply(kind: LieKind, real: Reply): Reply {
  switch (kind) {
    case 'non-json':
      return { status: 200, raw: PHP_NOTICE, headers: { 'Content-Type': 'text/plain' } };
    case 'html-error':
      return {
        status: 502,
        raw: NGINX_502_PAGE,
        headers: { 'Content-Type': 'text/html', Server: 'nginx' },
      };
    case 'error-envelope-200':
      return { status: 200, body: LYING_ENVELOPE };
    case 'missing-id':
      return { ...real, body: withoutId(real.body) };
    case 'empty-object':
      // `{}` whatever the record is named by (an id, or an additional field's name): the answer
      // confirms nothing about what was made.
      return { ...real, body: {} };
    case 'truncated': {
      // A bodiless answer (202/204) has nothing to cut: an "ok" object stands in for it.
      const full = JSON.stringify(real.body ?? { status: 'ok' });
      return {
        status: real.body === undefined ? 200 : real.status,
        raw: full.slice(0, Math.max(1, Math.floor(full.length / 2))),
        headers: { ...real.headers, 'Content-Type': 'application/json; charset=UTF-8' },
      };
    }
  }
}

/** Consumes one unit of the pending lie when this request matches it. */
export function takeLie(
  holder: { lieNext: Lie | null },
  method: string,
  path: string,
): LieKind | undefined {
  const lie = holder.lieNext;
  if (!lie || !lieMatches(lie, method, path)) return undefined;
  lie.count--;
  if (lie.count <= 0) holder.lieNext = null;
  return lie.kind;
}
