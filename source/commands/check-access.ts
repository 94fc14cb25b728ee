// Before any migration state exists: can this machine reach Sonar and Splynx, and do they take
// the credentials? A wrong key must not leave a migration folder that calls itself resumable,
// and a closed port must say so at once instead of reading, minutes of retries later, like a
// rate problem. Every failure names the variable to fix and the URL, never a value (exit 3).
import net from 'node:net';
import type { SonarConnection, SplynxConnection } from '../config.js';
import type { Clients } from '../connect.js';
import { ApiError, errorMessage, isAbortError, UserError } from '../errors.js';
import { searchReading } from '../sonar/search-reading.js';
import { EXIT } from './exit-code.js';

export interface AccessTargets {
  sonar: SonarConnection;
  splynx: SplynxConnection;
}

const CONNECT_TIMEOUT_MS = 10_000;

export async function checkAccess(
  clients: Clients,
  targets: AccessTargets,
  options: { signal: AbortSignal; timeoutMs?: number },
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? CONNECT_TIMEOUT_MS;
  const sonarUrl = shown(targets.sonar.url);
  const splynxUrl = shown(targets.splynx.url);
  await reachable('SONAR_URL', sonarUrl, clients.sonar.endpoint, timeoutMs);
  await reachable('SPLYNX_URL', splynxUrl, clients.splynx.baseUrl, timeoutMs);
  try {
    // The probe extraction needs anyway (cached per client): one small authenticated query.
    await searchReading(clients.sonar, options.signal);
  } catch (error) {
    if (options.signal.aborted || isAbortError(error)) throw error;
    throw refused('Sonar', 'SONAR_URL', sonarUrl, 'SONAR_TOKEN', error);
  }
  try {
    await clients.splynx.check(options.signal);
  } catch (error) {
    if (options.signal.aborted || isAbortError(error)) throw error;
    const names =
      targets.splynx.auth.mode === 'admin'
        ? 'SPLYNX_LOGIN/SPLYNX_PASSWORD'
        : 'SPLYNX_API_KEY/SPLYNX_API_SECRET';
    throw refused('Splynx', 'SPLYNX_URL', splynxUrl, names, error);
  }
}

function refused(
  service: 'Sonar' | 'Splynx',
  urlName: string,
  url: string,
  credentialNames: string,
  error: unknown,
): UserError {
  const status = error instanceof ApiError ? error.status : undefined;
  const hint = error instanceof ApiError ? error.hint : undefined;
  const message =
    status === 401 || status === 403
      ? `${service} at ${urlName} ${url} refused the credentials in ${credentialNames} (${status}): ${errorMessage(error)}`
      : `${service} at ${urlName} ${url} did not answer as ${service} should: ${errorMessage(error)}`;
  return new UserError(
    message,
    `${hint ? `${sentence(hint)} ` : ''}Nothing was written and no migration was started; run the command again once this is fixed.`,
    EXIT.preflight,
  );
}

/** One TCP connection, no retries: a closed port or an unknown host is an answer, not a hiccup. */
async function reachable(name: string, shownUrl: string, target: string, timeoutMs: number) {
  const url = new URL(target);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const problem = await new Promise<string | undefined>((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => done(`no answer within ${Math.round(timeoutMs / 1000)} s`),
      timeoutMs,
    );
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(connectProblem(error, host)));
  });
  if (problem) {
    throw new UserError(
      `cannot connect to ${name} ${shownUrl}: ${problem}`,
      `Check ${name} and that this machine can reach it (firewall, VPN, the service running). Nothing was written and no migration was started.`,
      EXIT.preflight,
    );
  }
}

function connectProblem(error: NodeJS.ErrnoException, host: string): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
      return `host ${host} not found`;
    case 'EAI_AGAIN':
      return `host ${host} could not be looked up (DNS)`;
    case 'ETIMEDOUT':
      return 'the connection timed out';
    case 'EHOSTUNREACH':
      return 'host unreachable';
    case 'ENETUNREACH':
      return 'network unreachable';
    case 'ECONNRESET':
      return 'connection reset';
    default:
      return error.code ?? error.message;
  }
}

function sentence(text: string): string {
  const trimmed = text.trim().replace(/\.?$/, '.');
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

/** The URL as the operator wrote it, without any user:password part. */
function shown(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return raw;
  }
}
