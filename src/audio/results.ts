// The saved results of chapter 11's full run (written by `node dist/cli/sound-results.js`), which the notebook plays
// and quotes in every mode, also where the run itself is absent.
import * as fs from 'fs';
import * as path from 'path';
import { Clip, readWav } from './wav';

export const SOUND_RESULTS_DIRECTORY = path.resolve(__dirname, '..', '..', 'notebooks', 'results', 'sound');

export interface SoundResults {
  command: string;
  backend: string;
  run: { epochs: number; steps: number; trainingSeconds: number; windows: number };
  heldOut: { files: number; seconds: number; from: number };
  bitsPerSample: Record<
    'uniform' | 'histogram' | 'linearPredictionFixedScale' | 'linearPredictionAdaptiveScale' | 'waveNet',
    number
  >;
  snrDb: { muLaw: number; linear8Bit: number };
  generation: {
    prompt: string;
    promptSeconds: number;
    generatedSeconds: number;
    timedSamples: number;
    audioFile: string;
    fastMsPerSample: number;
    naiveMsPerSample: number;
    speedUp: number;
    identical: boolean;
  };
}

/** The saved numbers and the saved prompt-and-continuation, or an error that says which command makes them. */
export function loadSoundResults(directory = SOUND_RESULTS_DIRECTORY): { results: SoundResults; audio: Clip } {
  const file = path.join(directory, 'results.json');
  if (!fs.existsSync(file)) {
    throw new Error(
      `${file} does not exist. Make it from a trained run: \`node dist/cli/main.js train wavenet\`, then ` +
        '`node dist/cli/sound-results.js`.',
    );
  }
  const results = JSON.parse(fs.readFileSync(file, 'utf8')) as SoundResults;
  const audioFile = path.join(directory, results.generation.audioFile);
  return { results, audio: readWav(fs.readFileSync(audioFile), { name: audioFile }) };
}
