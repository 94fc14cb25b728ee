// PHP `http_build_query` bracket syntax (`a[b][0]=x&a[b][1][0]=y`) decoded into nested values, the
// way PHP fills $_GET and $_POST. Objects whose keys are exactly 0..n-1 become arrays.

export type PhpValue = string | PhpValue[] | { [key: string]: PhpValue };

export function parsePhpQuery(search: string): Record<string, PhpValue> {
  const root: Node = {};
  for (const [rawKey, value] of new URLSearchParams(search)) {
    const path = splitKey(rawKey);
    if (path.length === 0) continue;
    assign(root, path, value);
  }
  return normalise(root) as Record<string, PhpValue>;
}

function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return key ? [key] : [];
  const parts = [key.slice(0, open)];
  const pattern = /\[([^\]]*)\]/g;
  for (let m = pattern.exec(key.slice(open)); m; m = pattern.exec(key.slice(open))) {
    parts.push(m[1] ?? '');
  }
  return parts;
}

type Node = { [key: string]: Node | string };

function assign(root: Node, path: string[], value: string): void {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    let key = path[i] ?? '';
    // `a[]=x` appends, as in PHP.
    if (key === '') key = String(Object.keys(node).length);
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next === 'object') node = next;
    else {
      const created: Node = {};
      node[key] = created;
      node = created;
    }
  }
}

function normalise(node: Node | string): PhpValue {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  const out: Record<string, PhpValue> = {};
  for (const key of keys) out[key] = normalise(node[key] as Node | string);
  if (keys.length > 0 && keys.every((k, i) => k === String(i)))
    return keys.map((k) => out[k] as PhpValue);
  return out;
}
