// μ-law companding (ITU-T G.711's curve, in its continuous form, as WaveNet uses it): quiet samples get fine steps and
// loud ones coarse steps, so 256 levels cover speech far better than 256 evenly spaced ones.
//   F(x) = sign(x) · ln(1 + μ|x|) / ln(1 + μ),  x ∈ [−1, 1],  μ = 255;  F⁻¹(y) = sign(y) · ((1 + μ)^|y| − 1) / μ.

export const MU = 255;
/** The number of levels, 0..255. */
export const LEVELS = MU + 1;

/** The companded value F(x) of a sample in [−1, 1] (values outside are clipped). */
export function compand(x: number): number {
  const clipped = Math.max(-1, Math.min(1, x));
  return (Math.sign(clipped) * Math.log1p(MU * Math.abs(clipped))) / Math.log1p(MU);
}

/** The inverse F⁻¹(y) of a companded value in [−1, 1]. */
export function expand(y: number): number {
  return (Math.sign(y) * (Math.pow(1 + MU, Math.abs(y)) - 1)) / MU;
}

/** The companded value of level `code`, evenly spaced over [−1, 1]: what the WaveNet reads as its input. */
export function codeToCompanded(code: number): number {
  return (2 * code) / MU - 1;
}

/** Samples in [−1, 1] to μ-law levels 0..255: the companded value rounded to the nearest of 256 even steps. */
export function muLawEncode(samples: Float32Array): Uint8Array {
  return Uint8Array.from(samples, (x) => Math.round(((compand(x) + 1) / 2) * MU));
}

/** μ-law levels back to samples in [−1, 1]. */
export function muLawDecode(codes: Uint8Array): Float32Array {
  return Float32Array.from(codes, (code) => expand(codeToCompanded(code)));
}

/** Linear 8-bit quantisation for comparison: 256 evenly spaced levels over [−1, 1], and back. */
export function linear8BitRoundTrip(samples: Float32Array): Float32Array {
  return Float32Array.from(samples, (x) => {
    const code = Math.round(((Math.max(-1, Math.min(1, x)) + 1) / 2) * 255);
    return (2 * code) / 255 - 1;
  });
}

/**
 * The signal-to-quantisation-noise ratio in dB, 10·log10(Σ x² / Σ (x − x̂)²): how far below the signal the rounding
 * error lies. Higher is better; each extra bit of a linear quantiser adds about 6 dB.
 */
export function signalToNoiseDb(original: Float32Array, quantised: Float32Array): number {
  if (original.length !== quantised.length) {
    throw new RangeError(`the signals differ in length: ${original.length} and ${quantised.length} samples.`);
  }
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < original.length; i++) {
    signal += original[i] ** 2;
    noise += (original[i] - quantised[i]) ** 2;
  }
  if (signal === 0) throw new RangeError('the signal is all zeros (silence), so it has no signal-to-noise ratio.');
  return 10 * Math.log10(signal / noise);
}
