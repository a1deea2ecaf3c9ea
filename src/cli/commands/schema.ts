import type { Command } from 'commander';
import { scenarioJsonSchema } from '../../scenario/schema.ts';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors)')
    .action(() => {
      console.log(JSON.stringify(scenarioJsonSchema(), null, 2));
    });
}
