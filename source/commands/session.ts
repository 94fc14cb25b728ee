// Everything a headless engine command needs, built once: validated config, redactor, state
// directory, clients, run control wired to signals, and an event sink. `close` releases it all.
import path from 'node:path';
import type { CommonArgs } from '../command-line.js';
import { DEFAULT_CONFIG_FILE, type EnvConfig, loadMappingConfig, resolvePath } from '../config.js';
import { type Clients, connect } from '../connect.js';
import type { EmitEvent, EngineEvent } from '../engine/events.js';
import type { EngineDeps } from '../engine/orchestrator.js';
import { RunControl } from '../engine/run-control.js';
import { sonarSource } from '../engine/sonar-client-source.js';
import { UserError } from '../errors.js';
import { eventWriter, type PrimaryOutput } from '../output/event-writer.js';
import { Redactor } from '../redact.js';
import { type LockNotice, openStateDir } from '../state/index.js';
import { checkAccess } from './check-access.js';
import { stateDirPath } from './state-dir-path.js';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
}

export interface Session {
  deps: EngineDeps;
  clients: Clients;
  control: RunControl;
  emit: EmitEvent;
  redactor: Redactor;
  close(): Promise<void>;
}

export const DEFAULT_CONCURRENCY = 4;

export { stateDirPath } from './state-dir-path.js';

/** The crash-test seam: SIGKILL (no cleanup, no journal) after the Nth create Splynx confirmed. */
function killAfter(n: number): () => void {
  let creates = 0;
  return () => {
    creates++;
    if (creates >= n) process.kill(process.pid, 'SIGKILL');
  };
}

/** A lock notice as the one log line every front end shows. */
export function lockNoticeEvent(notice: LockNotice): EngineEvent {
  return {
    type: 'log',
    level: notice.kind === 'broke' ? 'warn' : 'info',
    message: notice.message,
  };
}

/** What a session is made of before its state directory is opened. */
interface Parts {
  redactor: Redactor;
  config: EngineDeps['config'];
  control: RunControl;
  clients: Clients;
  emit: EmitEvent;
  env: EnvConfig & Required<Pick<EnvConfig, 'sonar' | 'splynx'>>;
}

// `primary`: what of the event stream is the command's result on stdout (the rest goes to stderr).
function prepare(
  env: EnvConfig,
  common: CommonArgs,
  io: Io,
  primary: PrimaryOutput = 'summary',
): Parts {
  const { sonar, splynx } = env;
  if (!sonar || !splynx) {
    throw new UserError(
      `${sonar ? 'Splynx' : 'Sonar'} is not configured.`,
      'Set SONAR_URL/SONAR_TOKEN and SPLYNX_URL with SPLYNX_API_KEY/SPLYNX_API_SECRET (see .env.example), or try `s2s demo`.',
    );
  }
  const redactor = new Redactor(env.secrets);
  const configFile = resolvePath(io.cwd, common.config ?? env.configFile ?? DEFAULT_CONFIG_FILE);
  const config = loadMappingConfig(configFile);
  const control = new RunControl();
  const concurrency = common.concurrency ?? DEFAULT_CONCURRENCY;
  const clients = connect({
    sonar,
    splynx,
    signal: control.signal,
    concurrency,
    redactor,
    ...(env.httpTimeoutMs !== undefined ? { timeoutMs: env.httpTimeoutMs } : {}),
    ...(env.debug
      ? { debug: (line: string) => io.stderr.write(`debug: ${redactor.text(line)}\n`) }
      : {}),
  });
  if (splynx.insecureTls) {
    io.stderr.write('warning: SPLYNX_INSECURE_TLS=1 — the Splynx certificate is not verified.\n');
  }
  const writer = eventWriter(io, {
    json: common.json,
    redactor,
    primary,
    colour: env.terminal.colour,
  });
  const emit = (event: EngineEvent) => writer(event);
  return { redactor, config, control, clients, emit, env: { ...env, sonar, splynx } };
}

export interface SessionOptions {
  /** Where a lock takeover notice goes; by default a log event through deps.emit. */
  onLockNotice?: (notice: LockNotice) => void;
  /** What of the event stream is the command's result on stdout; the summary by default. */
  primary?: PrimaryOutput;
}

/** The session, without checking access first: the terminal app reports that on its Preflight screen. */
export function openSession(
  env: EnvConfig,
  common: CommonArgs,
  io: Io,
  options: SessionOptions = {},
): Session {
  return assemble(prepare(env, common, io, options.primary), common, io, options);
}

/**
 * The session of a headless command: Sonar and Splynx are reached and take the credentials
 * before the state directory is even opened, so a wrong key or a closed port leaves nothing
 * behind and says what to fix (exit 3).
 */
export async function openCheckedSession(
  env: EnvConfig,
  common: CommonArgs,
  io: Io,
  options: Pick<SessionOptions, 'primary'> = {},
): Promise<Session> {
  const parts = prepare(env, common, io, options.primary);
  try {
    await checkAccess(parts.clients, parts.env, {
      signal: parts.control.signal,
      ...(env.httpTimeoutMs !== undefined ? { timeoutMs: env.httpTimeoutMs } : {}),
    });
  } catch (error) {
    await parts.clients.close();
    throw error;
  }
  return assemble(parts, common, io);
}

function assemble(parts: Parts, common: CommonArgs, io: Io, options: SessionOptions = {}): Session {
  const { redactor, config, control, clients, emit, env } = parts;
  const state = openStateDir(path.resolve(stateDirPath(env, common, io)), {
    // Taking over a dead holder's lock (or breaking one) is said once: a log line, or a JSON
    // line with --json. Through deps.emit, which the caller may wrap after this.
    onLockNotice: options.onLockNotice ?? ((notice) => deps.emit(lockNoticeEvent(notice))),
  });
  const deps: EngineDeps = {
    sonar: sonarSource(clients.sonar),
    splynx: clients.splynx,
    state,
    config,
    emit,
    control,
    redactor,
    ...(env.testKillAfterCreates !== undefined
      ? { afterCreate: killAfter(env.testKillAfterCreates) }
      : {}),
  };
  const onStop = () => {
    if (control.isStopping) control.abort();
    else {
      io.stderr.write(
        '\nStopping after the records in flight; state is saved. (Again to abort now.)\n',
      );
      control.stop();
    }
  };
  process.on('SIGINT', onStop);
  process.on('SIGTERM', onStop);
  process.on('SIGHUP', onStop);
  return {
    deps,
    clients,
    control,
    emit,
    redactor,
    close: async () => {
      process.off('SIGINT', onStop);
      process.off('SIGTERM', onStop);
      process.off('SIGHUP', onStop);
      await clients.close();
    },
  };
}
