// The short-time Fourier transform of a clip, through fft.js (a radix-4 FFT): how much of each frequency is in each
// short frame, the picture in which speech's pitch and formants show.
import FFT from 'fft.js';

export interface SpectrogramOptions {
  /** Samples per frame, a power of two (default 256: 32 ms at 8 kHz). */
  frameLength?: number;
  /** Samples between frame starts (default a quarter frame). */
  hop?: number;
}

export interface Spectrogram {
  /** Power in dB, frame by frame: frames × bins values, bin k at k · sampleRate / frameLength Hz. */
  decibels: Float32Array;
  frames: number;
  /** frameLength / 2 + 1: from 0 Hz to the Nyquist frequency. */
  bins: number;
  /** The centre frequency of bin 1, in Hz. */
  binHz: number;
  /** Seconds between frames. */
  frameSeconds: number;
}

/** A Hann window of `length` samples: tapers each frame so that its edges do not smear energy across frequencies. */
export function hannWindow(length: number): Float64Array {
  return Float64Array.from({ length }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / length));
}

/** |FFT|² in dB of Hann-windowed frames of `samples` (10·log10 of the power, floored at −120 dB). */
export function spectrogram(samples: Float32Array, sampleRate: number, options: SpectrogramOptions = {}): Spectrogram {
  const { frameLength = 256, hop = frameLength / 4 } = options;
  if (!(frameLength >= 4 && (frameLength & (frameLength - 1)) === 0)) {
    throw new RangeError(`frameLength must be a power of two ≥ 4 (fft.js needs one), got ${frameLength}.`);
  }
  if (!Number.isInteger(hop) || hop < 1) throw new RangeError(`hop must be a positive integer, got ${hop}.`);
  if (samples.length < frameLength) {
    throw new RangeError(
      `the clip has ${samples.length} samples, fewer than one frame of ${frameLength}; pass a longer clip.`,
    );
  }
  const fft = new FFT(frameLength);
  const window = hannWindow(frameLength);
  const frames = 1 + Math.floor((samples.length - frameLength) / hop);
  const bins = frameLength / 2 + 1;
  const decibels = new Float32Array(frames * bins);
  const frame = new Float64Array(frameLength);
  const spectrum = fft.createComplexArray() as number[]; // interleaved re, im
  for (let f = 0; f < frames; f++) {
    for (let n = 0; n < frameLength; n++) frame[n] = samples[f * hop + n] * window[n];
    fft.realTransform(spectrum, frame); // fills bins 0..N/2, all we need of a real signal
    for (let k = 0; k < bins; k++) {
      const power = spectrum[2 * k] ** 2 + spectrum[2 * k + 1] ** 2;
      decibels[f * bins + k] = Math.max(-120, 10 * Math.log10(power));
    }
  }
  return { decibels, frames, bins, binHz: sampleRate / frameLength, frameSeconds: hop / sampleRate };
}
