#!/usr/bin/env node
// `node dist/cli/sound-results.js [RUN_DIR [OUT_DIR]]`: the numbers and the sound of a finished `genlab train wavenet`
// run (by default runs/wavenet), saved in OUT_DIR (by default notebooks/results/sound/) for chapter 11, which plays them even where the run itself
// (not committed) is absent: held-out bits per sample of the WaveNet and of the baselines, the μ-law and linear 8-bit
// signal-to-noise ratios, and a continuation of a held-out prompt drawn by both generators, timed.
import * as fs from 'fs';
import * as path from 'path';
import {
  fitLinearPredictor,
  generateFast,
  generateNaive,
  histogramBits,
  linear8BitRoundTrip,
  linearPredictionBits,
  longestClip,
  muLawDecode,
  muLawEncode,
  signalToNoiseDb,
  SOUND_RESULTS_DIRECTORY,
  SoundResults,
  SPEECH_SAMPLE_RATE,
  totalSeconds,
  UNIFORM_BITS,
  waveNetEngine,
  writeWav,
} from '../audio';
import { selectBackend } from '../backend';
import { receptiveField } from '../models';
import { EpochRecord, metricsFile, runFolder, writeAtomically } from '../storage';
import { loadWaveNet, speechTrainingSet, waveNetBits, WAVENET_RECIPE } from '../training';

/** Chapter 11's full settings for the baselines and the saved continuation (the notebook's cells set the same). */
const SOUND_SETTINGS = { seed: 1, lpcOrder: 16, promptSeconds: 0.5, generatedSeconds: 2, timedSamples: 100 };

async function main(runDir: string, outDir: string): Promise<void> {
  const backend = await selectBackend();
  const started = performance.now();
  const { model, epochs } = loadWaveNet(runDir);
  const history = JSON.parse(fs.readFileSync(metricsFile(runDir), 'utf8')).history as EpochRecord[];
  const { corpus, windows, heldOut } = speechTrainingSet(WAVENET_RECIPE);
  const R = receptiveField(WAVENET_RECIPE.config.dilations);
  const trainCodes = corpus.train.map((clip) => muLawEncode(clip.samples));
  const bitsPerSample = {
    uniform: UNIFORM_BITS,
    histogram: histogramBits(trainCodes, heldOut, R),
    linearPredictionFixedScale: linearPredictionBits(
      fitLinearPredictor(trainCodes, SOUND_SETTINGS.lpcOrder, false),
      heldOut,
      R,
    ),
    linearPredictionAdaptiveScale: linearPredictionBits(
      fitLinearPredictor(trainCodes, SOUND_SETTINGS.lpcOrder, true),
      heldOut,
      R,
    ),
    // The run scored the same held-out clips after its last epoch (the trainer's evaluate); scoring again costs minutes.
    waveNet: history[history.length - 1].metrics.heldOutBits ?? waveNetBits(model, heldOut, R),
  };
  const heldOutSamples = Float32Array.from(corpus.heldOut.flatMap((clip) => Array.from(clip.samples)));
  const snrDb = {
    muLaw: signalToNoiseDb(heldOutSamples, muLawDecode(muLawEncode(heldOutSamples))),
    linear8Bit: signalToNoiseDb(heldOutSamples, linear8BitRoundTrip(heldOutSamples)),
  };
  const example = longestClip(corpus.heldOut);
  const prompt = muLawEncode(example.samples).subarray(
    0,
    Math.round(SOUND_SETTINGS.promptSeconds * SPEECH_SAMPLE_RATE),
  );
  const engine = waveNetEngine(model);
  const { seed, timedSamples } = SOUND_SETTINGS;
  let t0 = performance.now();
  const generated = generateFast(engine, {
    prompt,
    count: Math.round(SOUND_SETTINGS.generatedSeconds * SPEECH_SAMPLE_RATE),
    seed,
  });
  const fastMs = (performance.now() - t0) / generated.length;
  t0 = performance.now();
  const naive = generateNaive(engine, { prompt, count: timedSamples, seed });
  const naiveMs = (performance.now() - t0) / timedSamples;
  const audioFile = 'prompt-and-continuation.wav';
  fs.mkdirSync(outDir, { recursive: true });
  writeAtomically(path.join(outDir, audioFile), [
    writeWav({ samples: muLawDecode(Uint8Array.from([...prompt, ...generated])), sampleRate: SPEECH_SAMPLE_RATE }),
  ]);
  const results: SoundResults & { note: string; secondsToCompute: number } = {
    command:
      `node dist/cli/main.js train wavenet --out=${path.relative(process.cwd(), runDir)} && ` +
      `node dist/cli/sound-results.js ${path.relative(process.cwd(), runDir)} ${path.relative(process.cwd(), outDir)}`,
    backend: backend.active,
    note: 'Timed on a 2-core machine shared with other work: ratios measured in one run, not absolute speeds.',
    run: {
      epochs,
      steps: history[history.length - 1].steps,
      trainingSeconds: history.reduce((sum, r) => sum + r.seconds, 0),
      windows: windows.count,
    },
    heldOut: { files: corpus.heldOut.length, seconds: totalSeconds(corpus.heldOut), from: R },
    bitsPerSample,
    snrDb,
    generation: {
      prompt: `${example.name}, first ${SOUND_SETTINGS.promptSeconds} s`,
      ...SOUND_SETTINGS,
      audioFile,
      fastMsPerSample: fastMs,
      naiveMsPerSample: naiveMs,
      speedUp: naiveMs / fastMs,
      identical: naive.every((code, i) => code === generated[i]),
    },
    secondsToCompute: (performance.now() - started) / 1000,
  };
  writeAtomically(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

main(process.argv[2] ?? runFolder('wavenet'), process.argv[3] ?? SOUND_RESULTS_DIRECTORY).catch((error: unknown) => {
  console.error(`sound-results: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
