// Where migrations are kept, on its own so `s2s status` need not load the API clients.
import type { CommonArgs } from '../command-line.js';
import { type EnvConfig, resolvePath } from '../config.js';

export function stateDirPath(env: EnvConfig, common: CommonArgs, io: { cwd: string }): string {
  return resolvePath(io.cwd, common.stateDir ?? env.stateDir ?? 'state');
}
