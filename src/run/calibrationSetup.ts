// A calibration file read with everything it names: the observed data, the scenario it fits
// and where the fitted values go (shared by `corridor calibrate` and `corridor validate-fit`).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { freeSpace, validateCalibration } from '../analysis/calibrationFile.ts';
import type { CalibrationFile, FreeSpace } from '../analysis/calibrationFile.ts';
import { parseObserved } from '../analysis/calibrationLoss.ts';
import type { Observed } from '../analysis/calibrationLoss.ts';
import type { BuildOptions } from '../scenario/build.ts';
import { InputError } from '../scenario/errors.ts';
import { readYamlFile } from '../scenario/load.ts';

export interface CalibrationSetup {
  file: string;
  text: string;
  cal: CalibrationFile;
  scenarioFile: string;
  dataFile: string;
  outputScenario: string;
  outputPosterior: string;
  observed: Observed;
  space: FreeSpace;
}

/** Reads a calibration file, its data and the path of its scenario; errors name file, line and field. */
export function readCalibration(file: string): CalibrationSetup {
  const parsed = readYamlFile(file);
  const cal = validateCalibration(parsed);
  const at = (p: string) => relative(process.cwd(), resolve(dirname(file), p)) || '.';
  const dataFile = at(cal.data);
  let dataText: string;
  try {
    dataText = readFileSync(dataFile, 'utf8');
  } catch {
    throw new InputError(file, ['data'], `cannot read the data file ${dataFile}`);
  }
  const scenarioFile = at(cal.scenario);
  if (!existsSync(scenarioFile)) throw new InputError(file, ['scenario'], `cannot read the scenario ${scenarioFile}`);
  return {
    file, text: parsed.text, cal, scenarioFile, dataFile,
    outputScenario: at(cal.output.scenario), outputPosterior: at(cal.output.posterior),
    observed: parseObserved(dataText, dataFile, cal.window), space: freeSpace(cal),
  };
}

/** The build options of the calibration's runs: its months, a scale, the given parameter values. */
export function calibrationBuild(setup: CalibrationSetup, overrides: Record<string, number>, scale = setup.cal.scale): BuildOptions {
  return { start: setup.cal.simulationStart, end: setup.cal.window.end, scale, parameterOverrides: overrides };
}

/** Month index of the first month simulated. */
export function firstMonthOf(setup: CalibrationSetup): number {
  const [y, m] = setup.cal.simulationStart.split('-').map(Number);
  return y * 12 + m - 1;
}
