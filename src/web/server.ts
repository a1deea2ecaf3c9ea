// A small static server for the classroom page: GET and HEAD of the files built in memory,
// nothing else. No path from the client ever reaches the file system, requests with a body are
// refused, headers and URLs are bounded, and only the host names it is bound to are answered
// (a page on another site cannot reach it through DNS rebinding). Every answer, errors too,
// carries the same security headers; the scripts go out compressed (brotli or gzip).
import { STATUS_CODES, createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Asset, Site } from './build.ts';

const MAX_URL_LENGTH = 2048;
const MAX_HEADER_BYTES = 8192;

/** vega compiles its expressions with Function, hence 'unsafe-eval'; nothing is loaded from elsewhere. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** On every response, refusals included. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// ---------------------------------------------------------------------------------------------
// Host names

/** "LOCALHOST.", "[::1]" → "localhost", "::1". */
function normalHost(name: string): string {
  return name.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function isAnyAddress(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/**
 * The names a request's Host header may carry: the address the server is bound to; with a
 * loopback address also localhost, 127.0.0.1 and ::1; with 0.0.0.0 (or ::) every address of
 * this machine's interfaces and its host name; and the `extra` names (--allow-host).
 */
export function allowedHosts(host: string, extra: readonly string[] = []): Set<string> {
  const bound = normalHost(host);
  const names = new Set([bound, ...extra.map(normalHost)]);
  if (isLoopback(bound) || isAnyAddress(bound)) for (const n of ['localhost', '127.0.0.1', '::1']) names.add(n);
  if (isAnyAddress(bound)) {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(normalHost(a.address.replace(/%.*$/, '')));
    const me = normalHost(hostname());
    names.add(me);
    names.add(`${me}.local`);
  }
  names.delete('');
  return names;
}

/** The host name of a Host header ("example.org:8080" → "example.org", "[::1]:80" → "::1"). */
function hostOf(header: string): string {
  const h = header.trim();
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(h);
  if (v6) return normalHost(v6[1]);
  return normalHost(h.replace(/:\d+$/, ''));
}

// ---------------------------------------------------------------------------------------------
// Compression

type Encoding = 'br' | 'gzip';

function compressible(type: string): boolean {
  return /^(text\/|application\/(json|javascript)|image\/svg)/.test(type);
}

/** The encodings a request accepts, best first (brotli is smaller than gzip). */
function accepted(header: string | undefined): Encoding[] {
  if (!header) return [];
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(token, qp ? Number(qp.slice(2)) : 1);
  }
  const ok = (e: string) => (q.get(e) ?? q.get('*') ?? 0) > 0;
  return (['br', 'gzip'] as const).filter(ok);
}

const encodedCache = new WeakMap<Asset, Partial<Record<Encoding, Buffer>>>();

/** The asset compressed, once, on first request. */
function encoded(asset: Asset, encoding: Encoding): Buffer {
  let cache = encodedCache.get(asset);
  if (!cache) encodedCache.set(asset, (cache = {}));
  cache[encoding] ??= encoding === 'br'
    ? brotliCompressSync(asset.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: asset.body.length } })
    : gzipSync(asset.body, { level: 9 });
  return cache[encoding]!;
}

// ---------------------------------------------------------------------------------------------
// Requests

function refuse(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close', ...headers });
  res.end(`${text}\n`);
}

function handle(site: Site, hosts: Set<string>, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  if (url.length > MAX_URL_LENGTH) return refuse(res, 414, 'URI too long');
  const host = req.headers.host;
  if (!host) return refuse(res, 400, 'a Host header is required');
  if (!hosts.has(hostOf(host))) {
    return refuse(res, 403, `host ${hostOf(host)} is not one this server answers to; start corridor serve with --allow-host ${hostOf(host)} to allow it`);
  }
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
  const headers: Record<string, string | number> = { ...SECURITY_HEADERS, 'Content-Type': asset.type, 'Cache-Control': 'no-cache' };
  let body = asset.body;
  if (compressible(asset.type)) {
    headers.Vary = 'Accept-Encoding';
    const encoding = accepted(req.headers['accept-encoding'] as string | undefined)[0];
    if (encoding) {
      body = encoded(asset, encoding);
      headers['Content-Encoding'] = encoding;
    }
  }
  headers['Content-Length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A request Node refuses before it reaches handle() (headers too large, malformed): the same headers. */
function refuseRaw(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const lines = Object.entries({ ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '0', Connection: 'close' }).map(([k, v]) => `${k}: ${v}`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('\r\n')}\r\n\r\n`);
}

export interface Serving {
  server: Server;
  url: string;
  /** the host names it answers to */
  hosts: Set<string>;
  close(): Promise<void>;
}

export interface ServeOptions {
  port: number;
  host: string;
  /** more host names to answer to (--allow-host), e.g. a name the classroom's DNS gives this machine */
  allowHosts?: readonly string[];
}

/** Serves the site; rejects with Node's listen error (code EADDRINUSE, EACCES, …) when it cannot. */
export function serve(site: Site, options: ServeOptions): Promise<Serving> {
  const hosts = allowedHosts(options.host, options.allowHosts);
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 10_000, headersTimeout: 10_000 }, (req, res) => handle(site, hosts, req, res));
  server.on('clientError', refuseRaw);
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolvePromise({
        server,
        url: `http://${host}:${port}/`,
        hosts,
        close: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
