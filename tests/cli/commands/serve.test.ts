// `corridor serve` as a teacher starts it: a port it cannot use is one line of error, not a
// stack trace; the page itself and its server are tested in tests/web/.
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corridorAsync } from '../../helpers/cli.ts';

let busy: Server;
let busyPort: number;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
  busyPort = (busy.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((done) => busy.close(() => done())));

describe.concurrent('corridor serve', () => {
  it('says in one line that --port must be 1–65535', async () => {
    const ports = ['70000', '0'];
    const results = await Promise.all(ports.map((port) => corridorAsync('serve', '--port', port)));
    results.forEach((r, i) => {
      expect(r.status, ports[i]).toBe(2);
      expect(r.stderr.trim(), ports[i]).toBe(`error: --port must be a whole number from 1 to 65535 (got ${ports[i]})`);
    });
  });

  it('says in one line that a port is in use', async () => {
    const r = await corridorAsync('serve', '--port', String(busyPort));
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`error: port ${busyPort} is in use; choose another with --port`);
  });
});
