import { runMany } from '../src/run/pool.ts';
const t0 = Date.now();
const tasks = Array.from({ length: 4 }, (_, i) => ({ id: 't' + i, scenarioFile: 'scenarios/baseline.yaml', build: { start: '2019-10', end: '2023-12', scale: 25, parameterOverrides: { violenceElasticity: 0.5 + i * 0.1 } }, key: { masterSeed: 1, scope: 'x', point: 0, rep: 0 } }));
const done = await runMany(tasks, { workers: 2, onDone: (d) => console.log('done', d.task.id, d.error, (Date.now() - t0) / 1000) });
console.log(done.length, (Date.now() - t0) / 1000);
