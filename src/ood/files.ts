// Where chapter 13's long runs keep their results: JSON files in notebooks/results/frame/, each naming the command
// that made it, so the notebook at full settings shows them without training again.
import * as fs from 'fs';
import * as path from 'path';
import { writeAtomically } from '../storage';

/** <repo>/notebooks/results/frame, from src/ and from dist/ alike. */
export const FRAME_RESULTS_DIRECTORY = path.resolve(__dirname, '..', '..', 'notebooks', 'results', 'frame');

/** Writes a results object as JSON, atomically (a killed run never leaves half a file); lists of numbers on one line. */
export function writeResultsFile(file: string, results: object): void {
  const text = JSON.stringify(results, null, 1).replace(
    /\[\s+(-?[\d.e+-]+(?:,\s+-?[\d.e+-]+)*)\s+\]/g,
    (_, numbers: string) => `[${numbers.replace(/,\s+/g, ', ')}]`,
  );
  writeAtomically(file, `${text}\n`);
}

/** Reads a results file that must hold the field `required`; the error says which command makes it. */
export function readResultsFile<T>(file: string, required: string, command: string): T {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist yet; make it with \`${command}\`.`);
  let results: Record<string, unknown>;
  try {
    results = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `${file} is not readable JSON (${(error as Error).message}); delete it and run \`${command}\` again.`,
    );
  }
  if (!(required in results))
    throw new Error(`${file} has no "${required}" field: it is not what \`${command}\` writes.`);
  return results as T;
}
