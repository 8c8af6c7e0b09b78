// Audio for chapter 11: WAV files, μ-law, spectrograms, the speech corpus, the baselines a WaveNet must beat, and
// sample-by-sample generation.
export { readWav, resample, writeWav } from './wav';
export type { Clip, ReadWavOptions } from './wav';
export {
  codeToCompanded,
  compand,
  expand,
  LEVELS,
  linear8BitRoundTrip,
  MU,
  muLawDecode,
  muLawEncode,
  signalToNoiseDb,
} from './mulaw';
export { hannWindow, spectrogram } from './spectrogram';
export type { Spectrogram, SpectrogramOptions } from './spectrogram';
export {
  loadSpeech,
  longestClip,
  SPEECH_DIRECTORY,
  SPEECH_PACKAGE,
  SPEECH_SAMPLE_RATE,
  speechWindows,
  totalSeconds,
} from './speech';
export type { SpeechClip, SpeechCorpus } from './speech';
export { fitLinearPredictor, histogramBits, levinsonDurbin, linearPredictionBits, UNIFORM_BITS } from './baselines';
export type { LinearPredictor } from './baselines';
export { applyTaps, headLogits, residualStep, sampleCode, waveNetEngine } from './wavenet-engine';
export type { WaveNetEngine, WaveNetLayerWeights } from './wavenet-engine';
export { generateFast, generateNaive } from './generate';
export type { GenerateOptions } from './generate';
export { loadSoundResults, SOUND_RESULTS_DIRECTORY } from './results';
export type { SoundResults } from './results';
