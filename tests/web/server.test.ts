// The classroom server hands out the built page and nothing else: no paths outside its map of
// built files, no methods but GET and HEAD, no request bodies, bounded URLs and headers.
import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, writeWeb } from '../../src/web/build.ts';
import type { Site } from '../../src/web/build.ts';
import { allowedHosts, serve } from '../../src/web/server.ts';
import type { Serving } from '../../src/web/server.ts';

let site: Site;
let serving: Serving;

beforeAll(async () => {
  site = await buildWeb();
  serving = await serve(site, { port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await serving?.close();
});

/** A raw request, so that paths like /../x reach the server as written. */
function send(method: string, path: string, options: { headers?: Record<string, string>; body?: Buffer } = {}): Promise<{ status: number; body: string; raw: Buffer; headers: Record<string, unknown> }> {
  const url = new URL(serving.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), raw: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve({ status: -1, body: '', raw: Buffer.alloc(0), headers: {} }) : reject(e)));
    if (options.body) req.write(options.body);
    req.end();
  });
}

describe('classroom server', () => {
  it('serves the page, its scripts and styles from memory', async () => {
    const page = await send('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.body).toContain('<script src="app.js">');
    for (const path of ['/app.js', '/worker.js', '/style.css']) {
      const r = await send('GET', path);
      expect(r.status, path).toBe(200);
    }
    // the scenarios are inside the worker bundle, not fetched
    expect(site.get('/worker.js')!.body.toString()).toContain('scenarios/baseline.yaml');
    expect((await send('HEAD', '/app.js')).body).toBe('');
  });

  it('refuses paths outside its map of built files', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/src/web/build.ts', '/scenarios/baseline.yaml', '//etc/passwd', '/index.html/../../README.md', '/node_modules/vega/package.json']) {
      const r = await send('GET', path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).not.toContain('"name"');
    }
  });

  it('refuses other methods, request bodies and oversize requests', async () => {
    expect((await send('POST', '/', { body: Buffer.from('x=1'), headers: { 'Content-Length': '3' } })).status).toBe(405);
    expect((await send('PUT', '/index.html')).status).toBe(405);
    const big = Buffer.alloc(2 * 1024 * 1024, 97);
    const withBody = await send('GET', '/', { body: big, headers: { 'Content-Length': String(big.length) } });
    expect([413, -1]).toContain(withBody.status);
    expect((await send('GET', `/${'a'.repeat(5000)}`)).status).toBe(414);
    expect((await send('GET', '/', { headers: { 'X-Padding': 'b'.repeat(20_000) } })).status).toBe(431);
    // and it still answers afterwards
    expect((await send('GET', '/')).status).toBe(200);
  });

  it('sends the scripts compressed (brotli or gzip, as the browser accepts), with Vary: Accept-Encoding', async () => {
    const worker = site.get('/worker.js')!.body;
    const gz = await send('GET', '/worker.js', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(gz.raw).equals(worker)).toBe(true);
    expect(gz.raw.length).toBeLessThan(0.4 * worker.length);
    const br = await send('GET', '/worker.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.raw).equals(worker)).toBe(true);
    expect(Number(br.headers['content-length'])).toBe(br.raw.length);
    // a client that accepts neither gets the file as it is, still told that it varies
    const plain = await send('GET', '/app.js', { headers: { 'Accept-Encoding': 'br;q=0, gzip;q=0' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.raw.equals(site.get('/app.js')!.body)).toBe(true);
    const head = await send('HEAD', '/app.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(head.headers['content-encoding']).toBe('gzip');
    expect(head.body).toBe('');
  });

  it('answers only the host names it is bound to (no DNS rebinding)', async () => {
    const port = new URL(serving.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'LOCALHOST']) {
      expect((await send('GET', '/', { headers: { Host: host } })).status, host).toBe(200);
    }
    for (const host of [`attacker.example:${port}`, 'localhost.attacker.example', `10.0.0.5:${port}`]) {
      const r = await send('GET', '/', { headers: { Host: host } });
      expect(r.status, host).toBe(403);
      expect(r.body, host).not.toContain('<script');
      expect(r.body).toContain('--allow-host');
    }
    // HTTP/1.0 without a Host header
    const raw = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET / HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('end', () => resolve(text));
    });
    expect(raw).toMatch(/^HTTP\/1\.[01] 400/);
  });

  it('lists the names it answers to: loopback names when bound to loopback; the interfaces, the host name and --allow-host with 0.0.0.0', () => {
    expect([...allowedHosts('127.0.0.1')].sort()).toEqual(['127.0.0.1', '::1', 'localhost']);
    expect([...allowedHosts('192.168.1.20')]).toEqual(['192.168.1.20']);
    const any = allowedHosts('0.0.0.0', ['Corridor.Classroom.lan']);
    expect(any.has('corridor.classroom.lan')).toBe(true);
    expect(any.has('localhost')).toBe(true);
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) expect(any.has(a.address.toLowerCase())).toBe(true);
  });

  it('sends the security headers with every answer, refusals included', async () => {
    const answers = [
      await send('GET', '/'),
      await send('GET', '/missing.js'),
      await send('PUT', '/index.html'),
      await send('GET', `/${'a'.repeat(5000)}`),
      await send('GET', '/', { headers: { Host: 'attacker.example' } }),
      await send('GET', '/', { headers: { 'X-Padding': 'b'.repeat(20_000) } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 404, 405, 414, 403, 431]);
    for (const a of answers) {
      expect(a.headers['content-security-policy'], String(a.status)).toContain("frame-ancestors 'none'");
      expect(a.headers['x-content-type-options'], String(a.status)).toBe('nosniff');
      expect(a.headers['referrer-policy'], String(a.status)).toBe('no-referrer');
      expect(a.headers['x-frame-options'], String(a.status)).toBe('DENY');
    }
  });

  it('writes the same files as a static site (npm run build:web)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'corridor-web-'));
    try {
      await writeWeb(site, join(dir, 'web'));
      expect((await readdir(join(dir, 'web'))).sort()).toEqual(['.corridor', 'app.js', 'index.html', 'style.css', 'worker.js']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
