// The switches of the Splynx simulator. Everything tagged [I] in splynx-api.md §10 is a switch
// here, so a client can be tested against each plausible behaviour of the real API.
import * as v from 'valibot';
import type { FaultSettingsInput } from '../faults.js';
import { type Lie, LieSchema } from './lies.js';

/**
 * The two readings of OPTIONS: live-endpoints.json captured an object from a real install, the
 * blueprint (Base requests → Get attributes of an entity) declares `array[Base options response,
 * Base options with AFs response]`. splynx-api.md §4.4 sides with the capture; s2s reads both.
 */
export const OPTIONS_SHAPES = ['live', 'blueprint'] as const;
export type OptionsShape = (typeof OPTIONS_SHAPES)[number];

export interface SplynxSimulatorOptions {
  host?: string;
  port?: number;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: { key: string; cert: string };
  apiKey?: string;
  apiSecret?: string;
  adminLogin?: string;
  adminPassword?: string;
  faults?: FaultSettingsInput;
  /** 422 body: `[{field,message}]` (default) or the envelope with `INVALID_INPUT_DATA`. */
  errorShape?: 'array' | 'envelope';
  /** v5: ids ints, flags "0"/"1", decimals "12.0000"; v4: every scalar a string. */
  typing?: 'v5' | 'v4';
  /** The key is flagged "unsecure": Basic auth allowed. */
  basicAuth?: boolean;
  /** The nonce must exceed the last one seen for the key. */
  strictNonce?: boolean;
  tokenTtlSeconds?: number;
  bindTokenToUserAgent?: boolean;
  /** Path prefix (e.g. `admin/customers`) → allowed methods; a path with no entry → 403. */
  permissions?: Record<string, string[]>;
  /** Modules switched off: every method answers 405 METHOD_DISABLED. */
  disabledPaths?: string[];
  rejectServicesForDisabledCustomers?: boolean;
  /** Store MACs the way real clients show Splynx does: upper-case, no separators, ", " lists. */
  normaliseMacs?: boolean;
  /**
   * OPTIONS answers `{attributes, additional_attributes}` as the live instance did (`live`, the
   * default) or the flat array the blueprint documents (`blueprint`).
   */
  optionsShape?: OptionsShape;
  /**
   * Keep the rows in this directory (`splynx.ndjson`): every change is on disk before it is
   * answered and is there again after a restart, `kill -9` included. Without it, memory only.
   */
  dataDir?: string;
  /** Test-only: the next matching requests get a lying answer (see lies.ts). */
  lieNext?: v.InferInput<typeof LieSchema>;
}

/** The options a running simulator reads on every request; tests may change them in place. */
export interface CurrentOptions {
  errorShape: 'array' | 'envelope';
  typing: 'v5' | 'v4';
  basicAuth: boolean;
  strictNonce: boolean;
  tokenTtlSeconds: number;
  bindTokenToUserAgent: boolean;
  permissions: Record<string, string[]> | undefined;
  disabledPaths: string[];
  rejectServicesForDisabledCustomers: boolean;
  normaliseMacs: boolean;
  optionsShape: OptionsShape;
  /** Consumed one request at a time; null once spent. */
  lieNext: Lie | null;
}

/** Disabled on a fresh install (405 on every method), as observed on the live instance. */
export const DEFAULT_DISABLED_PATHS = [
  'admin/networking/cpe',
  'admin/networking/cpe-ap',
  'admin/networking/cpe-qos',
  'admin/fup/cap-tariff',
  'admin/fup/capped-data',
];

export function currentOptions(input: SplynxSimulatorOptions): CurrentOptions {
  return {
    errorShape: input.errorShape ?? 'array',
    typing: input.typing ?? 'v5',
    basicAuth: input.basicAuth ?? false,
    strictNonce: input.strictNonce ?? false,
    tokenTtlSeconds: input.tokenTtlSeconds ?? 1800,
    bindTokenToUserAgent: input.bindTokenToUserAgent ?? false,
    permissions: input.permissions,
    disabledPaths: input.disabledPaths ?? [...DEFAULT_DISABLED_PATHS],
    rejectServicesForDisabledCustomers: input.rejectServicesForDisabledCustomers ?? false,
    normaliseMacs: input.normaliseMacs ?? false,
    optionsShape: input.optionsShape ?? 'live',
    lieNext: input.lieNext === undefined ? null : v.parse(LieSchema, input.lieNext),
  };
}

/** Body of `POST /__sim/options`: any subset; `permissions: null` lifts the restriction. */
export const OptionsPatchSchema = v.strictObject({
  errorShape: v.optional(v.picklist(['array', 'envelope'])),
  typing: v.optional(v.picklist(['v5', 'v4'])),
  basicAuth: v.optional(v.boolean()),
  strictNonce: v.optional(v.boolean()),
  tokenTtlSeconds: v.optional(v.pipe(v.number(), v.minValue(0))),
  bindTokenToUserAgent: v.optional(v.boolean()),
  permissions: v.optional(v.nullable(v.record(v.string(), v.array(v.string())))),
  disabledPaths: v.optional(v.array(v.string())),
  rejectServicesForDisabledCustomers: v.optional(v.boolean()),
  normaliseMacs: v.optional(v.boolean()),
  optionsShape: v.optional(v.picklist(OPTIONS_SHAPES)),
  /** `null` switches lying off. */
  lieNext: v.optional(v.nullable(LieSchema)),
});

export function applyOptionsPatch(
  target: CurrentOptions,
  patch: v.InferOutput<typeof OptionsPatchSchema>,
): void {
  const { permissions, lieNext, ...rest } = patch;
  if (lieNext !== undefined) target.lieNext = lieNext;
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (target as unknown as Record<string, unknown>)[key] = value;
  }
  if (permissions !== undefined) target.permissions = permissions ?? undefined;
}
