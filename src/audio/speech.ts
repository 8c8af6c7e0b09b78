// The chapter's audio: the English prompts of the Asterisk telephone system, read by one speaker (Allison Smith) and
// recorded as 8 kHz 16-bit PCM WAV files (568 files, about 25 minutes). Debian ships them as asterisk-core-sounds-en-wav,
// under CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/); kernel-setup/start.sh installs the package.
import * as fs from 'fs';
import * as path from 'path';
import { LabelledImages } from '../data';
import { muLawEncode } from './mulaw';
import { Clip, readWav } from './wav';

export const SPEECH_DIRECTORY = '/usr/share/asterisk/sounds/en_US_f_Allison';
export const SPEECH_PACKAGE = 'asterisk-core-sounds-en-wav';
export const SPEECH_SAMPLE_RATE = 8000;

export interface SpeechClip extends Clip {
  /** The file, relative to the corpus directory, e.g. 'digits/7.wav'. */
  name: string;
}

export interface SpeechCorpus {
  /** Nine files in ten, in name order. */
  train: SpeechClip[];
  /** Every tenth file (the 10th, 20th, … in name order): whole recordings the model never trains on. */
  heldOut: SpeechClip[];
}

/**
 * Reads the corpus, split by file. `maxFiles` keeps only the first files in name order (fast mode); every clip is
 * resampled to 8 kHz if it is not already.
 */
export function loadSpeech(options: { directory?: string; maxFiles?: number } = {}): SpeechCorpus {
  const { directory = SPEECH_DIRECTORY, maxFiles = Infinity } = options;
  if (!fs.existsSync(directory)) {
    throw new Error(
      `The speech recordings are not installed: ${directory} does not exist. Install Debian's ` +
        `${SPEECH_PACKAGE} (\`sudo apt-get install ${SPEECH_PACKAGE}\`; kernel-setup/start.sh does this when run as root).`,
    );
  }
  const names = (fs.readdirSync(directory, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.wav'))
    .sort()
    .slice(0, maxFiles);
  if (names.length < 2)
    throw new Error(
      `${directory} holds ${names.length} WAV files; at least 2 are needed (one to train on, one to hold out).`,
    );
  const clips = names.map((name) => ({
    name,
    ...readWav(fs.readFileSync(path.join(directory, name)), {
      name: path.join(directory, name),
      sampleRate: SPEECH_SAMPLE_RATE,
    }),
  }));
  // With fewer than ten files the last one is held out, so that there is always a held-out clip.
  const isHeldOut = (i: number) => (clips.length >= 10 ? i % 10 === 9 : i === clips.length - 1);
  return { train: clips.filter((_, i) => !isHeldOut(i)), heldOut: clips.filter((_, i) => isHeldOut(i)) };
}

/** The longest of the clips (the first of equals): the chapter's example recording and its generation prompt. */
export function longestClip<T extends Clip>(clips: T[]): T {
  if (clips.length === 0) throw new RangeError('there are no clips to choose from.');
  return clips.reduce((longest, clip) => (clip.samples.length > longest.samples.length ? clip : longest));
}

/** Total length of clips in seconds. */
export function totalSeconds(clips: Clip[]): number {
  return clips.reduce((sum, clip) => sum + clip.samples.length / clip.sampleRate, 0);
}

/**
 * Training windows of `length` μ-law codes, cut from each clip every `stride` samples, packed as a set of 1 × length
 * "images" (codes as pixel values) so that the shared training loop can shuffle and batch them as it does digits.
 * Clips shorter than one window give none.
 */
export function speechWindows(clips: Clip[], length: number, stride: number): LabelledImages {
  if (!Number.isInteger(length) || length < 2) throw new RangeError(`length must be an integer ≥ 2, got ${length}.`);
  if (!Number.isInteger(stride) || stride < 1)
    throw new RangeError(`stride must be a positive integer, got ${stride}.`);
  const windows: Uint8Array[] = [];
  for (const clip of clips) {
    const codes = muLawEncode(clip.samples);
    for (let start = 0; start + length <= codes.length; start += stride)
      windows.push(codes.subarray(start, start + length));
  }
  if (windows.length === 0)
    throw new Error(`No clip is as long as one window of ${length} samples; use shorter windows or longer clips.`);
  const images = new Uint8Array(windows.length * length);
  windows.forEach((window, i) => images.set(window, i * length));
  return { images, labels: new Uint8Array(windows.length), count: windows.length, height: 1, width: length };
}
