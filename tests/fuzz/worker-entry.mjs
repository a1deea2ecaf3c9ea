// The fuzz worker's bootstrap: worker threads do not inherit tsx on Node 20 (src/run/worker-entry.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./runner.ts');
