// `corridor data import` (issue 13): argument parsing only; the work is in src/data/.
import { Command, Option } from 'commander';
import { COMPONENTS } from '../../data/cbpImport.ts';
import type { ComponentFilter } from '../../data/cbpImport.ts';
import { DataError } from '../../data/errors.ts';
import { checkOutput, importCbpFile } from '../../data/importFile.ts';
import { writeFileAtomic } from '../../output/atomic.ts';

export function registerData(program: Command): void {
  const data = program.command('data').description('observed data: import CBP\'s published encounter files');
  data
    .command('import')
    .description('read a CBP monthly encounters CSV as downloaded (Southwest Land Border Encounters, or Nationwide Encounters by AOR or by State) and write the project\'s monthly file by origin, with provenance')
    .argument('<file>', 'the CSV from cbp.gov (e.g. sbo-encounters-fy22-fy25.csv, nationwide-encounters-fy22-fy25-aor.csv)')
    .option('--out <file>', 'where to write month,origin,encounters,title42_expulsions (default: standard output)')
    .addOption(new Option('--component <which>', 'keep Border Patrol and OFO (all), or one of them').choices(COMPONENTS).default('all'))
    .option('--force', 'replace --out even if it is not a file written by corridor data import')
    .action((file: string, opts: { out?: string; component: ComponentFilter; force?: boolean }) => {
      const { result, text } = importCbpFile(file, { component: opts.component });
      if (!opts.out) {
        process.stdout.write(text);
        return;
      }
      checkOutput(opts.out, file, opts.force ?? false);
      try {
        writeFileAtomic(opts.out, text);
      } catch (e) {
        throw new DataError(opts.out, `cannot write the file (${(e as NodeJS.ErrnoException).code ?? String(e)}); expected a path in a writable folder`);
      }
      const p = result.provenance;
      const partial = result.rows.some((r) => r.origins.length > 1);
      console.log(`imported ${p.source}: ${p.layout.split(':')[0]}, ${p.release}`);
      console.log(`  months ${p.months}; rows ${p.rows}`);
      console.log(`  origins: ${p.origins}`);
      if (partial) console.log('  partial rows (origin A+B+…) hold the sum over those origins: see docs/DATA-IMPORT.md');
      console.log(`wrote ${opts.out} (${result.rows.length} rows)`);
    });
}
