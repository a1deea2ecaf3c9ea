import type { Command } from 'commander';
import { loadScenario } from '../../scenario/load.ts';
import { unsourcedNumbers } from '../../scenario/parse.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check scenario files: schema, extends, data, time values; warn about numbers without a source')
    .argument('<scenarios...>', 'scenario YAML files')
    .option('--strict', 'treat numbers without a source or comment as errors')
    .action((files: string[], opts) => {
      let problems = 0;
      for (const file of files) {
        const loaded = loadScenario(file);
        const unsourced = loaded.resolved.chain.flatMap((c) => unsourcedNumbers(c).map((u) => `${c.file}:${u.line}: ${u.path}: number without source, estimate, assumption or comment`));
        for (const u of unsourced) console.error(`${opts.strict ? 'error' : 'warning'}: ${u}`);
        if (opts.strict) problems += unsourced.length;
        console.log(`ok: ${file} (${loaded.name}, ${loaded.input.calendar.weeks} weeks, hash ${loaded.hash})`);
      }
      if (problems) process.exitCode = 2;
    });
}
