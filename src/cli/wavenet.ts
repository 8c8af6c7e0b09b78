// `genlab train wavenet`: the WaveNet of chapter 11 on the speech corpus, in the shared loop. After each epoch the run
// folder gets a second of speech generated from a held-out prompt (samples-epoch-N.wav), beside the checkpoint.
import * as path from 'path';
import { generateFast, muLawDecode, SPEECH_SAMPLE_RATE, totalSeconds, waveNetEngine, writeWav } from '../audio';
import { LabelledImages } from '../data';
import { receptiveField } from '../models';
import { writeAtomically } from '../storage';
import { speechTrainingSet, waveNetTrainer, WAVENET_RECIPE } from '../training';
import type { TrainArgs } from './args';
import type { Run } from './main';

/** The training windows and the run: what `train wavenet` hands to the loop. */
export function waveNetRun(args: TrainArgs): { data: LabelledImages; run: Run; description: string } {
  const recipe = WAVENET_RECIPE;
  const { corpus, windows, heldOut } = speechTrainingSet(recipe);
  const field = receptiveField(recipe.config.dilations);
  const trainer = waveNetTrainer({
    config: recipe.config,
    seed: args.seed,
    heldOut,
    learningRate: recipe.learningRate,
  });
  const prompt = heldOut.find((codes) => codes.length >= field) ?? heldOut[0];
  return {
    data: windows,
    description:
      `${windows.count} windows of ${windows.width} samples from ${corpus.train.length} files ` +
      `(${totalSeconds(corpus.train).toFixed(0)} s of speech); ${corpus.heldOut.length} files held out`,
    run: {
      trainer,
      async saveGrid(record) {
        const codes = generateFast(waveNetEngine(trainer.model), {
          prompt: prompt.subarray(0, field),
          count: SPEECH_SAMPLE_RATE,
          seed: args.seed,
        });
        const wav = writeWav({ samples: muLawDecode(codes), sampleRate: SPEECH_SAMPLE_RATE });
        writeAtomically(path.join(args.outDir, `samples-epoch-${record.epoch}.wav`), [wav]);
      },
    },
  };
}
