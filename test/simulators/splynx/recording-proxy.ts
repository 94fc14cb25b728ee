// A loopback HTTP proxy that passes every request through to a target unchanged and keeps what
// came back: method, path, status and body. The contract test puts it between s2s and the
// Splynx simulator, so what it checks is exactly what s2s was answered on the wire.
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedExchange {
  method: string;
  /** Under /api/2.0/, without slashes at either end and without the query string. */
  path: string;
  query: string;
  status: number;
  /** The answer's body as sent ('' when none). */
  text: string;
}

export interface RecordingProxy {
  url: string;
  exchanges: RecordedExchange[];
  close(): Promise<void>;
}

const API_PREFIX = '/api/2.0/';

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const exchanges: RecordedExchange[] = [];
  const upstream = new URL(target);

  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readAll(req);
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        resolve,
      );
      out.on('error', reject);
      out.end(body);
    });
    const text = await readAll(answer);
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    res.end(text);
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (!url.pathname.startsWith(API_PREFIX)) return;
    exchanges.push({
      method: req.method ?? 'GET',
      path: url.pathname.slice(API_PREFIX.length).replace(/^\/+|\/+$/g, ''),
      query: url.search.replace(/^\?/, ''),
      status: answer.statusCode ?? 0,
      text: text.toString('utf8'),
    });
  };

  const server = createServer((req, res) => {
    forward(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
