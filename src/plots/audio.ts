// Sound in a notebook: a player (an HTML <audio> element with the WAV file embedded as a data: URL, which plays in
// JupyterLab and in the HTML export, offline) beside a spectrogram picture, and the waveform as a picture.
import { PNG } from 'pngjs';
import { Clip, spectrogram, writeWav } from '../audio';
import { MimeBundle, showOutput } from './display';

/** Colours from quiet to loud (dark blue, purple, orange, pale yellow), interpolated linearly. */
const PALETTE = [
  [0, 0, 4],
  [60, 15, 110],
  [180, 55, 120],
  [250, 140, 60],
  [252, 253, 191],
];

/** Quietest level shown, in dB below the clip's loudest bin. */
const DYNAMIC_RANGE_DB = 80;

/**
 * The clip's spectrogram (256-sample frames, see spectrogram()) as a PNG: time left to right, frequency from 0 Hz at the
 * bottom to half the sample rate at the top, loudness as colour over the top 80 dB.
 */
export function spectrogramPng(clip: Clip, options: { height?: number } = {}): Uint8Array {
  const { decibels, frames, bins } = spectrogram(clip.samples, clip.sampleRate);
  const { height = 2 * bins } = options;
  let loudest = -Infinity;
  for (const value of decibels) loudest = Math.max(loudest, value);
  const png = new PNG({ width: frames, height });
  for (let y = 0; y < height; y++) {
    const bin = Math.min(bins - 1, Math.floor(((height - 1 - y) / height) * bins));
    for (let x = 0; x < frames; x++) {
      const level = Math.max(0, Math.min(1, 1 + (decibels[x * bins + bin] - loudest) / DYNAMIC_RANGE_DB));
      png.data.set([...colour(level), 255], 4 * (y * frames + x));
    }
  }
  return PNG.sync.write(png);
}

/** The waveform as a PNG of `width` × `height`: each column spans the lowest to the highest sample it covers. */
export function waveformPng(clip: Clip, width = 600, height = 100): Uint8Array {
  const { samples } = clip;
  if (samples.length === 0) throw new Error('The clip holds no samples, so there is no waveform to draw.');
  const png = new PNG({ width, height });
  png.data.fill(255);
  const row = (value: number) => Math.round(((1 - Math.max(-1, Math.min(1, value))) / 2) * (height - 1));
  for (let x = 0; x < width; x++) {
    const from = Math.floor((x * samples.length) / width);
    const to = Math.max(from + 1, Math.floor(((x + 1) * samples.length) / width));
    let low = Infinity;
    let high = -Infinity;
    for (let i = from; i < to && i < samples.length; i++) {
      low = Math.min(low, samples[i]);
      high = Math.max(high, samples[i]);
    }
    for (let y = row(high); y <= row(low); y++) png.data.set([30, 80, 160, 255], 4 * (y * width + x));
  }
  return PNG.sync.write(png);
}

/** A player and the spectrogram as one output: HTML for Jupyter and the export, the picture alone for other viewers. */
export function audioBundle(clip: Clip, title: string): MimeBundle {
  const wav = Buffer.from(writeWav(clip)).toString('base64');
  const picture = Buffer.from(spectrogramPng(clip)).toString('base64');
  const seconds = (clip.samples.length / clip.sampleRate).toFixed(2);
  const html =
    `<div class="genlab-audio" style="display:flex;align-items:center;gap:12px">` +
    `<div><div style="font-weight:bold">${escapeHtml(title)}</div>` +
    `<audio controls preload="auto" src="data:audio/wav;base64,${wav}"></audio>` +
    `<div style="font-size:smaller">${seconds} s at ${clip.sampleRate} Hz</div></div>` +
    `<img alt="spectrogram of ${escapeHtml(title)}" src="data:image/png;base64,${picture}"></div>`;
  return {
    'text/plain': `${title}: ${seconds} s of audio at ${clip.sampleRate} Hz (a player and its spectrogram in Jupyter)`,
    'text/html': html,
    'image/png': picture,
  };
}

/** Shows a player for the clip, with its spectrogram beside it. */
export function showAudio(clip: Clip, title: string): void {
  showOutput(audioBundle(clip, title), 'showAudio');
}

function colour(level: number): number[] {
  const position = level * (PALETTE.length - 1);
  const i = Math.min(PALETTE.length - 2, Math.floor(position));
  const t = position - i;
  return PALETTE[i].map((c, k) => Math.round(c + t * (PALETTE[i + 1][k] - c)));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
