// A small static server for the classroom page: GET and HEAD of the files built in memory,
// nothing else. No path from the client ever reaches the file system, requests with a body are
// refused, and headers and URLs are bounded.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Site } from './build.ts';

const MAX_URL_LENGTH = 2048;
const MAX_HEADER_BYTES = 8192;

/** vega compiles its expressions with Function, hence 'unsafe-eval'; nothing is loaded from elsewhere. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function refuse(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close', ...headers });
  res.end(`${text}\n`);
}

function handle(site: Site, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  if (url.length > MAX_URL_LENGTH) return refuse(res, 414, 'URI too long');
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'only GET and HEAD', { Allow: 'GET, HEAD' });
  const length = Number(req.headers['content-length'] ?? 0);
  if (req.headers['transfer-encoding'] || length > 0) {
    refuse(res, 413, 'requests with a body are not accepted');
    req.destroy();
    return;
  }
  // the path only selects an entry of the in-memory map; it is never joined to a directory
  const path = url.split('?')[0].split('#')[0];
  const asset = site.get(path === '/' ? '/index.html' : path);
  if (!asset) return refuse(res, 404, 'not found');
  res.writeHead(200, {
    'Content-Type': asset.type,
    'Content-Length': asset.body.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
}

export interface Serving {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export function serve(site: Site, options: { port: number; host: string }): Promise<Serving> {
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 10_000, headersTimeout: 10_000 }, (req, res) => handle(site, req, res));
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolvePromise({
        server,
        url: `http://${host}:${port}/`,
        close: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
