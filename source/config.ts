// Env + flags + s2s.config.json, validated with valibot. The only reader of process.env: every
// other module receives plain values, so tests and the TUI can build configs without touching env.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { UserError } from './errors.js';
import { type MappingConfig, MappingConfigSchema } from './mapping/mapping-config.js';

export interface SonarConnection {
  url: string;
  token: string;
}

export type SplynxCredentials =
  | { mode: 'api-key-token' | 'basic'; apiKey: string; apiSecret: string }
  | { mode: 'admin'; login: string; password: string };

export interface SplynxConnection {
  url: string;
  auth: SplynxCredentials;
  insecureTls: boolean;
}

export interface EnvConfig {
  sonar?: SonarConnection;
  splynx?: SplynxConnection;
  stateDir?: string;
  configFile?: string;
  debug: boolean;
  /** The terminal: TERM=dumb cannot redraw a screen; NO_COLOR (any value) means no colour. */
  terminal: { dumb: boolean; colour: boolean };
  /** Per-request timeout for both APIs; undefined = each client's default. */
  httpTimeoutMs?: number;
  /** Crash tests only: die after this many creates, between Splynx's answer and the journal. */
  testKillAfterCreates?: number;
  /** Every configured secret, so writers can redact them. */
  secrets: string[];
}

const Flag = v.optional(v.picklist(['', '0', '1', 'true', 'false']), '');
const HttpUrl = v.pipe(v.string(), v.trim(), v.url('must be a URL like https://host'));

const EnvSchema = v.object({
  SONAR_URL: v.optional(v.union([v.literal(''), HttpUrl]), ''),
  SONAR_TOKEN: v.optional(v.string(), ''),
  SPLYNX_URL: v.optional(v.union([v.literal(''), HttpUrl]), ''),
  SPLYNX_API_KEY: v.optional(v.string(), ''),
  SPLYNX_API_SECRET: v.optional(v.string(), ''),
  SPLYNX_LOGIN: v.optional(v.string(), ''),
  SPLYNX_PASSWORD: v.optional(v.string(), ''),
  SPLYNX_BASIC_AUTH: Flag,
  SPLYNX_INSECURE_TLS: Flag,
  S2S_STATE_DIR: v.optional(v.string(), ''),
  S2S_CONFIG: v.optional(v.string(), ''),
  S2S_DEBUG: Flag,
  TERM: v.optional(v.string(), ''),
  NO_COLOR: v.optional(v.string(), ''),
  S2S_HTTP_TIMEOUT_MS: v.optional(
    v.union([v.literal(''), v.pipe(v.string(), v.regex(/^\d+$/, 'must be milliseconds'))]),
    '',
  ),
  /** Crash-test seam: SIGKILL this process right after the Nth confirmed create, before it is journaled. */
  S2S_TEST_KILL_AFTER_CREATES: v.optional(
    v.union([v.literal(''), v.pipe(v.string(), v.regex(/^\d+$/, 'must be a count'))]),
    '',
  ),
});

const on = (flag: string) => flag === '1' || flag === 'true';

export function readEnv(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const known = Object.fromEntries(
    Object.keys(EnvSchema.entries).map((key) => [key, env[key] ?? '']),
  );
  const result = v.safeParse(EnvSchema, known);
  if (!result.success) {
    const issue = result.issues[0];
    const name = issue ? v.getDotPath(issue) : 'environment';
    throw new UserError(
      `Environment variable ${name} ${issue?.message ?? 'is invalid'}`,
      'Fix it in your shell or .env file (see .env.example).',
    );
  }
  const e = result.output;
  const config: EnvConfig = {
    debug: on(e.S2S_DEBUG),
    terminal: { dumb: e.TERM === 'dumb', colour: e.NO_COLOR === '' && e.TERM !== 'dumb' },
    secrets: [],
  };
  if (e.S2S_STATE_DIR) config.stateDir = e.S2S_STATE_DIR;
  if (e.S2S_CONFIG) config.configFile = e.S2S_CONFIG;
  if (e.S2S_HTTP_TIMEOUT_MS) config.httpTimeoutMs = Number(e.S2S_HTTP_TIMEOUT_MS);
  if (e.S2S_TEST_KILL_AFTER_CREATES)
    config.testKillAfterCreates = Number(e.S2S_TEST_KILL_AFTER_CREATES);

  if (e.SONAR_URL || e.SONAR_TOKEN) {
    if (!e.SONAR_URL || !e.SONAR_TOKEN) {
      throw new UserError(
        `Sonar needs both SONAR_URL and SONAR_TOKEN; only ${e.SONAR_URL ? 'SONAR_URL' : 'SONAR_TOKEN'} is set.`,
        'Create a personal access token in Sonar (avatar → Personal Access Tokens) for a read-only role.',
      );
    }
    config.sonar = { url: e.SONAR_URL, token: e.SONAR_TOKEN };
    config.secrets.push(e.SONAR_TOKEN);
  }

  if (e.SPLYNX_URL || e.SPLYNX_API_KEY || e.SPLYNX_LOGIN) {
    if (!e.SPLYNX_URL) {
      throw new UserError('Splynx credentials are set but SPLYNX_URL is missing.');
    }
    let auth: SplynxCredentials;
    if (e.SPLYNX_API_KEY || e.SPLYNX_API_SECRET) {
      if (!e.SPLYNX_API_KEY || !e.SPLYNX_API_SECRET) {
        throw new UserError(
          'Splynx API auth needs both SPLYNX_API_KEY and SPLYNX_API_SECRET.',
          'Create a key in Splynx: Administration → Main → API keys.',
        );
      }
      auth = {
        mode: on(e.SPLYNX_BASIC_AUTH) ? 'basic' : 'api-key-token',
        apiKey: e.SPLYNX_API_KEY,
        apiSecret: e.SPLYNX_API_SECRET,
      };
      config.secrets.push(e.SPLYNX_API_KEY, e.SPLYNX_API_SECRET);
    } else if (e.SPLYNX_LOGIN && e.SPLYNX_PASSWORD) {
      auth = { mode: 'admin', login: e.SPLYNX_LOGIN, password: e.SPLYNX_PASSWORD };
      config.secrets.push(e.SPLYNX_PASSWORD);
    } else {
      throw new UserError(
        'Splynx needs SPLYNX_API_KEY + SPLYNX_API_SECRET, or SPLYNX_LOGIN + SPLYNX_PASSWORD.',
      );
    }
    config.splynx = { url: e.SPLYNX_URL, auth, insecureTls: on(e.SPLYNX_INSECURE_TLS) };
  }
  return config;
}

export const DEFAULT_CONFIG_FILE = 's2s.config.json';

/** Loads the mapping config; a missing file means defaults, a bad one is a UserError with dot-paths. */
export function loadMappingConfig(file: string): MappingConfig {
  if (!existsSync(file)) return v.parse(MappingConfigSchema, {});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(
      `${file} is not valid JSON: ${(error as Error).message}`,
      'Fix the file, or delete it and run `s2s init` to write a fresh one.',
    );
  }
  const result = v.safeParse(MappingConfigSchema, raw);
  if (!result.success) {
    const lines = result.issues
      .slice(0, 5)
      .map((issue) => `  ${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`);
    throw new UserError(
      `${file} has ${result.issues.length} invalid setting(s):\n${lines.join('\n')}`,
      'See README.md, "Mapping config", for every key and its allowed values.',
    );
  }
  return result.output;
}

export function resolvePath(base: string, file: string): string {
  return path.isAbsolute(file) ? file : path.resolve(base, file);
}
