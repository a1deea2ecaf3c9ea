// The classroom server hands out the built page and nothing else: no paths outside its map of
// built files, no methods but GET and HEAD, no request bodies, bounded URLs and headers.
import { request } from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, writeWeb } from '../../src/web/build.ts';
import type { Site } from '../../src/web/build.ts';
import { serve } from '../../src/web/server.ts';
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
function send(method: string, path: string, options: { headers?: Record<string, string>; body?: Buffer } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(serving.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve({ status: -1, body: '', headers: {} }) : reject(e)));
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
