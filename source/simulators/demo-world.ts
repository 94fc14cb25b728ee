// Both simulators on loopback with one seeded ISP: what `s2s demo`, `s2s simulate`, the
// end-to-end tests and bench/ all stand on.
import type { FaultSettingsInput } from './faults.js';
import { claimWorld, type WorldData } from './persist/world-meta.js';
import { type SonarSimulator, startSonarSimulator } from './sonar/server.js';
import { generateSonarDataset, type SonarDataset } from './sonar-dataset/generate.js';
import {
  type SplynxSimulator,
  type SplynxSimulatorOptions,
  startSplynxSimulator,
} from './splynx/server.js';

export interface DemoWorldOptions {
  accounts?: number;
  seed?: number;
  /** Sonar services carry Sonar's taxes (then `taxes` must be mapped in s2s.config.json). */
  taxedServices?: boolean;
  /** Added to every Splynx request (ms). */
  latencyMs?: number;
  sonarPort?: number;
  splynxPort?: number;
  sonarFaults?: FaultSettingsInput;
  splynx?: Omit<SplynxSimulatorOptions, 'port'>;
  /**
   * Keep both simulators' data here (the demo: state/demo/simulators): Splynx's rows and Sonar's
   * changes survive a restart or a `kill -9`. A directory made for another seed or size is
   * refused (WorldMismatchError). Without it, everything is in memory.
   */
  dataDir?: string;
}

export interface DemoWorld {
  /** The seeded Sonar data, with its deliberately hard records listed in `meta`. */
  dataset: SonarDataset;
  sonar: SonarSimulator;
  splynx: SplynxSimulator;
  /** Environment a CLI process needs to reach these simulators. */
  env: Record<string, string>;
  /** With a dataDir: whether it started empty, and since when its data exists. */
  data?: WorldData;
  close(): Promise<void>;
}

export async function startDemoWorld(options: DemoWorldOptions = {}): Promise<DemoWorld> {
  const seed = options.seed ?? 1;
  const accounts = options.accounts ?? 500;
  const taxedServices = options.taxedServices ?? false;
  const dataDir = options.dataDir;
  // Before the dataset is generated: a mismatch is told at once, not after seconds of work.
  const data = dataDir ? claimWorld(dataDir, { seed, accounts, taxedServices }) : undefined;
  const dataset = generateSonarDataset({
    seed,
    accounts,
    ...(taxedServices ? { taxedServices: true } : {}),
  });
  const sonar = await startSonarSimulator({
    dataset,
    ...(dataDir ? { dataDir } : {}),
    ...(options.sonarPort !== undefined ? { port: options.sonarPort } : {}),
    ...(options.sonarFaults ? { faults: options.sonarFaults } : {}),
  });
  const splynx = await startSplynxSimulator({
    ...options.splynx,
    ...(dataDir ? { dataDir } : {}),
    ...(options.splynxPort !== undefined ? { port: options.splynxPort } : {}),
    faults: { ...options.splynx?.faults, latencyMs: options.latencyMs ?? 0 },
  });
  return {
    dataset,
    sonar,
    splynx,
    env: {
      SONAR_URL: sonar.url,
      SONAR_TOKEN: sonar.token,
      SPLYNX_URL: splynx.url,
      SPLYNX_API_KEY: splynx.credentials.apiKey,
      SPLYNX_API_SECRET: splynx.credentials.apiSecret,
    },
    ...(data ? { data } : {}),
    close: async () => {
      await Promise.all([sonar.close(), splynx.close()]);
    },
  };
}
