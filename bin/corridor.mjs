#!/usr/bin/env node
// The `corridor` command: registers tsx so the TypeScript sources run without a build step.
import { register } from 'tsx/esm/api';

register();
// `corridor schema | head` closes the pipe early: that is not an error
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
