// In-process fixture for the safety-net tests: both simulators on loopback, the real clients,
// a temp state directory, and the engine deps a command would build. Nothing of ours is mocked.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { readEnv } from '../../source/config.js';
import { type Clients, connect } from '../../source/connect.js';
import type { EngineEvent } from '../../source/engine/events.js';
import type { EngineDeps } from '../../source/engine/orchestrator.js';
import { RunControl } from '../../source/engine/run-control.js';
import { resolveSelection } from '../../source/engine/selection.js';
import { sonarSource } from '../../source/engine/sonar-client-source.js';
import { defaultMappingConfig } from '../../source/mapping/mapping-config.js';
import { Redactor } from '../../source/redact.js';
import {
  type DemoWorld,
  type DemoWorldOptions,
  startDemoWorld,
} from '../../source/simulators/demo-world.js';
import { openStateDir } from '../../source/state/index.js';

export interface EngineWorld {
  world: DemoWorld;
  stateDir: string;
  deps: EngineDeps;
  clients: Clients;
  events: EngineEvent[];
  /** Called with every event after it is recorded; tests steer the run from here. */
  onEvent?: (event: EngineEvent) => void;
  close(): Promise<void>;
}

export async function startEngineWorld(
  options: DemoWorldOptions = {},
  /** Environment over the world's own (e.g. a wrong secret). */
  envOverrides: Record<string, string> = {},
): Promise<EngineWorld> {
  const world = await startDemoWorld({ accounts: 60, seed: 7, ...options });
  const stateDir = mkdtempSync(path.join(tmpdir(), 's2s-engine-'));
  const env = readEnv({ ...world.env, ...envOverrides });
  if (!env.sonar || !env.splynx) throw new Error('demo world env is incomplete');
  const control = new RunControl();
  const redactor = new Redactor(env.secrets);
  const clients = connect({
    sonar: env.sonar,
    splynx: env.splynx,
    signal: control.signal,
    concurrency: 2,
    redactor,
  });
  const events: EngineEvent[] = [];
  const fixture: EngineWorld = {
    world,
    stateDir,
    clients,
    events,
    deps: {
      sonar: sonarSource(clients.sonar),
      splynx: clients.splynx,
      state: openStateDir(stateDir),
      config: defaultMappingConfig(),
      emit: (event) => {
        events.push(event);
        fixture.onEvent?.(event);
      },
      control,
      redactor,
    },
    close: async () => {
      await clients.close();
      await world.close();
    },
  };
  return fixture;
}

/**
 * `startEngineWorld` for one test file: every world it starts is closed after its test, failed
 * or not. Call it once at the top level of the file.
 */
export function engineWorlds(): typeof startEngineWorld {
  const open: EngineWorld[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((world) => world.close()));
  });
  return async (...args) => {
    const world = await startEngineWorld(...args);
    open.push(world);
    return world;
  };
}

export { cleanIds } from '../e2e/harness.js';

export function idsSelection(ids: string[]) {
  return resolveSelection(
    { customers: ids, all: false, includeInactive: false },
    {
      requireExplicit: true,
    },
  );
}

export const RUN_OPTIONS = { concurrency: 2, stopOnError: true } as const;
