// Audio for chapter 11: WAV files, μ-law, spectrograms, the speech corpus, the baselines a WaveNet must beat, and
// sample-by-sample generation.
export * from './wav';
export * from './mulaw';
export * from './spectrogram';
export * from './speech';
export * from './baselines';
export * from './wavenet-engine';
export * from './generate';
export * from './results';
