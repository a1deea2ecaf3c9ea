// The limits on input files (issue 11, item 12): every file a command reads, and every
// expression in it, has a bounded size and cost, so that a bad or hostile file is refused with a
// message instead of hanging, filling memory or taking minutes. Each limit is far above what the
// shipped files need (the largest scenario is 10 KB, the largest data file 49 KB) and is a count,
// never a time, so a file is accepted or refused the same way on every machine.

/** Scenario, sweep and calibration files. */
export const INPUT_FILE_BYTES = 1024 * 1024;
/** World data (origins, routes, sectors, indicators) and observed data (CBP encounters) files. */
export const DATA_FILE_BYTES = 20 * 1024 * 1024;

/** Maps and lists inside maps and lists: the shipped files nest 7 deep. */
export const YAML_DEPTH = 64;
/** `*alias` nodes in one file, and how many times the nodes they stand for may be copied. */
export const YAML_ALIASES = 1000;
export const YAML_ALIAS_EXPANSION = 100;
/** Files in one `extends:` chain (the shipped library has chains of 3). */
export const EXTENDS_CHAIN = 32;

/** Calendar years a date may have: the model's data start in 2000; beyond 2100 nothing is known. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2100;

/** Dated values in one `steps:` list. */
export const STEPS = 10_000;

/**
 * One expression: characters, mathjs nodes, and brackets inside each other. mathjs parses,
 * compiles and evaluates recursively: 500 nodes stay well inside the stack (a chain of about 2,000
 * operators overflows it), and so do 32 brackets (about 260 overflow the parser).
 */
export const EXPRESSION_CHARS = 1000;
export const EXPRESSION_NODES = 500;
export const EXPRESSION_BRACKETS = 32;
/**
 * Evaluating expressions for one scenario load, over all its series: each week of a series costs
 * the expression's node count plus EXPRESSION_CALL, the fixed cost of one evaluation (about 1.4 µs,
 * some 20 nodes' worth). 10 million such operations take about half a second.
 */
export const EXPRESSION_OPERATIONS = 10_000_000;
export const EXPRESSION_CALL = 20;

/** Outcomes of one sweep, and runs (points × replications) of one sweep. */
export const SWEEP_OUTCOMES = 100;
export const SWEEP_RUNS = 1_000_000;
/** CMA-ES generations of one calibration. */
export const CALIBRATION_GENERATIONS = 10_000;

/** "1 MB", "20 MB": a limit for people. */
export function megabytes(bytes: number): string {
  return `${bytes / (1024 * 1024)} MB`;
}
