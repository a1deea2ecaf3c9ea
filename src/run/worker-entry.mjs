// Worker-thread bootstrap: worker threads do not inherit tsx from the parent's execArgv on
// Node 20, so each worker registers tsx itself and then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
