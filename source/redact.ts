// Secrets (Sonar token, Splynx key/secret/password, access tokens) must never reach output, logs,
// reports or state. Every writer of text that might carry them goes through a Redactor.

const SENSITIVE_KEY = /pass(word)?|secret|token|signature|api[_-]?key|^key$|authorization|nonce/i;
export const REDACTED = '[redacted]';

export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: Iterable<string | undefined | null> = []) {
    // Longest first so a secret containing another is replaced whole; ignore trivially short
    // values that would shred ordinary words.
    this.secrets = [...new Set([...secrets].filter((s): s is string => !!s && s.length >= 4))].sort(
      (a, b) => b.length - a.length,
    );
  }

  add(secret: string | undefined | null): void {
    if (secret && secret.length >= 4 && !this.secrets.includes(secret)) {
      this.secrets.push(secret);
      this.secrets.sort((a, b) => b.length - a.length);
    }
  }

  text(input: string): string {
    let out = input;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  /** Deep copy with sensitive keys masked and known secrets replaced inside strings. */
  value<T>(input: T): T {
    return this.walk(input, 0) as T;
  }

  private walk(input: unknown, depth: number): unknown {
    if (depth > 20) return input;
    if (typeof input === 'string') return this.text(input);
    if (Array.isArray(input)) return input.map((v) => this.walk(v, depth + 1));
    if (input && typeof input === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(input)) {
        out[k] =
          SENSITIVE_KEY.test(k) && v !== null && v !== '' ? REDACTED : this.walk(v, depth + 1);
      }
      return out;
    }
    return input;
  }
}

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}
