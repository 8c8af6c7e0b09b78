// WAV files in and out, through the `wavefile` package: integer or float PCM read as samples in [−1, 1], mixed to
// mono and resampled to the rate asked for; anything else is refused with what to do about it.
import { WaveFile } from 'wavefile';

export interface Clip {
  /** Mono samples in [−1, 1]. */
  samples: Float32Array;
  sampleRate: number;
}

export interface ReadWavOptions {
  /** Resample to this rate (wavefile's windowed-sinc resampler, low-passed when lowering the rate) if the file differs. */
  sampleRate?: number;
  /** The file's name, for error messages. */
  name?: string;
}

/** WAVE_FORMAT codes: integer PCM, IEEE float, and the "extensible" header that wraps either. */
const PCM = 1;
const FLOAT = 3;
const EXTENSIBLE = 0xfffe;
const FORMAT_NAMES: Record<number, string> = {
  2: 'Microsoft ADPCM',
  6: 'A-law',
  7: 'μ-law',
  17: 'IMA ADPCM',
  85: 'MP3',
};
const CONVERT =
  'Convert it to PCM first, e.g. `ffmpeg -i IN.wav -c:a pcm_s16le OUT.wav` or `sox IN.wav -e signed-integer -b 16 OUT.wav`.';

interface Fmt {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
  bitsPerSample: number;
}

/** Reads a WAV file's bytes as one mono clip; throws an error naming the file and the remedy for anything else. */
export function readWav(bytes: Uint8Array, options: ReadWavOptions = {}): Clip {
  const name = options.name ?? 'the WAV data';
  let wav: WaveFile;
  try {
    wav = new WaveFile(bytes);
  } catch (error) {
    throw new Error(
      `${name} is not a readable WAV file (${(error as Error).message}): the file may be truncated or ` +
        'of another type. Check it with `file NAME`, or export it again as a 16-bit PCM WAV.',
    );
  }
  const fmt = wav.fmt as Fmt;
  const subFormat = fmt.audioFormat === EXTENSIBLE ? extensibleSubFormat(wav) : fmt.audioFormat;
  if (subFormat !== PCM && subFormat !== FLOAT) {
    const format = FORMAT_NAMES[subFormat] ?? `format code ${subFormat}`;
    throw new Error(
      `${name} holds ${format} audio, not PCM; only integer or float PCM WAV files are read here. ${CONVERT}`,
    );
  }
  const frames = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  const channels = frames instanceof Float64Array ? [frames] : frames;
  if (channels[0].length === 0) throw new Error(`${name} holds no samples (an empty clip): there is nothing to read.`);
  let clip: Clip = {
    samples: toUnitRange(mixToMono(channels), subFormat, fmt.bitsPerSample),
    sampleRate: fmt.sampleRate,
  };
  if (options.sampleRate !== undefined && options.sampleRate !== clip.sampleRate)
    clip = resample(clip, options.sampleRate, name);
  return clip;
}

/** A clip as the bytes of a 16-bit PCM mono WAV file (samples outside [−1, 1] are clipped). */
export function writeWav(clip: Clip): Uint8Array {
  if (clip.samples.length === 0) throw new Error('The clip holds no samples, so there is no WAV file to write.');
  const wav = new WaveFile();
  const pcm = Int16Array.from(clip.samples, (x) => Math.round(Math.max(-1, Math.min(1, x)) * 32767));
  wav.fromScratch(1, clip.sampleRate, '16', pcm);
  return wav.toBuffer();
}

/** Changes a clip's sample rate with wavefile's windowed-sinc resampler (with its low-pass filter when lowering it). */
export function resample(clip: Clip, sampleRate: number, name = 'the clip'): Clip {
  if (!Number.isInteger(sampleRate) || sampleRate < 1)
    throw new RangeError(`sampleRate must be a positive integer, got ${sampleRate}.`);
  const wav = new WaveFile();
  wav.fromScratch(1, clip.sampleRate, '32f', clip.samples);
  try {
    wav.toSampleRate(sampleRate, { method: 'sinc', LPF: sampleRate < clip.sampleRate });
  } catch (error) {
    throw new Error(
      `${name} could not be resampled from ${clip.sampleRate} Hz to ${sampleRate} Hz (${(error as Error).message}).`,
    );
  }
  return { samples: Float32Array.from(wav.getSamples(false, Float64Array) as unknown as Float64Array), sampleRate };
}

function extensibleSubFormat(wav: WaveFile): number {
  // The first two bytes of the extensible header's 16-byte GUID repeat the format code.
  const guid = (wav.fmt as { subformat?: number[] }).subformat ?? [];
  return guid[0] ?? -1;
}

function mixToMono(channels: Float64Array[]): Float64Array {
  if (channels.length === 1) return channels[0];
  const mono = new Float64Array(channels[0].length);
  for (const channel of channels)
    channel.forEach((x, i) => {
      mono[i] += x / channels.length;
    });
  return mono;
}

/** Integer PCM is scaled by its full range; 8-bit PCM is unsigned, centred on 128; float PCM is already in [−1, 1]. */
function toUnitRange(samples: Float64Array, format: number, bitsPerSample: number): Float32Array {
  if (format === FLOAT) return Float32Array.from(samples);
  if (bitsPerSample === 8) return Float32Array.from(samples, (x) => (x - 128) / 128);
  const full = 2 ** (bitsPerSample - 1);
  return Float32Array.from(samples, (x) => x / full);
}
