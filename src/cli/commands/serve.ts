import type { Command } from 'commander';
import { buildWeb, writeWeb } from '../../web/build.ts';
import { serve } from '../../web/server.ts';
import { wholeNumber } from '../options.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the classroom page (the model runs in the browser) on a local web server')
    .option('--port <n>', 'port (0 = any free port)', wholeNumber(), 8080)
    .option('--host <address>', 'address to listen on; 0.0.0.0 opens it to the network', '127.0.0.1')
    .option('--out <dir>', 'write the page as static files to this folder instead of serving it')
    .action(async (opts: { port: number; host: string; out?: string }) => {
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
      const serving = await serve(site, { port: opts.port, host: opts.host });
      console.log(`classroom page ${built}`);
      console.log(`open ${serving.url}  (Ctrl-C to stop)`);
      await new Promise<void>((done) => {
        const stop = () => void serving.close().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
