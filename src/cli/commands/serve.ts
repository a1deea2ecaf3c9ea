import type { Command } from 'commander';
import { buildWeb, writeWeb } from '../../web/build.ts';
import { serve } from '../../web/server.ts';

/** What a failed listen means, in one line. */
function listenError(e: NodeJS.ErrnoException, port: number, host: string): string | undefined {
  if (e.code === 'EADDRINUSE') return `port ${port} is in use; choose another with --port`;
  if (e.code === 'EACCES') return `port ${port} needs privileges on this machine; choose one above 1023 with --port`;
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `cannot listen on --host ${host}: it is not an address of this machine`;
  return undefined;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the classroom page (the model runs in the browser) on a local web server')
    .option('--port <n>', 'port, 1–65535', '8080')
    .option('--host <address>', 'address to listen on; 0.0.0.0 opens it to every computer on the network, without a password (docs/CLASSROOM.md)', '127.0.0.1')
    .option('--allow-host <names>', 'more host names the page may be opened under, comma-separated (e.g. a name the network gives this machine)')
    .option('--out <dir>', 'write the page as static files to this folder instead of serving it')
    .action(async (opts: { port: string; host: string; allowHost?: string; out?: string }) => {
      const port = Number(opts.port);
      if (!opts.out && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
        console.error(`error: --port must be a whole number from 1 to 65535 (got ${opts.port})`);
        process.exitCode = 2;
        return;
      }
      const started = performance.now();
      const site = await buildWeb();
      const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
      const sizes = [...site].map(([path, a]) => `${path.slice(1)} ${kib(a.body.length)}`).join(', ');
      const built = `built in ${((performance.now() - started) / 1000).toFixed(1)} s: ${sizes}`;
      if (opts.out) {
        await writeWeb(site, opts.out);
        console.log(`wrote ${opts.out}/ (${built}); serve it from any static host`);
        return;
      }
      const allowHosts = (opts.allowHost ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      let serving;
      try {
        serving = await serve(site, { port, host: opts.host, allowHosts });
      } catch (e) {
        const line = listenError(e as NodeJS.ErrnoException, port, opts.host);
        if (!line) throw e;
        console.error(`error: ${line}`);
        process.exitCode = 2;
        return;
      }
      console.log(`classroom page ${built}`);
      if (opts.host === '0.0.0.0' || opts.host === '::') {
        const names = [...serving.hosts].filter((h) => !['localhost', '127.0.0.1', '::1', '0.0.0.0', '::'].includes(h));
        const main = names.find((h) => /^\d+\.\d+\.\d+\.\d+$/.test(h)) ?? names[0] ?? 'localhost';
        console.log(`open http://${main}:${port}/ from the classroom network (this machine also answers as ${names.filter((h) => h !== main).join(', ') || 'localhost'})`);
        console.log('anyone on that network can open it, without a password: use it only on a trusted classroom network (Ctrl-C to stop)');
      } else {
        console.log(`open ${serving.url}  (Ctrl-C to stop)`);
      }
      await new Promise<void>((done) => {
        const stop = () => void serving.close().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
