// WAV files in and out through wavefile, and the clear refusals: another encoding, a corrupt file, an empty clip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WaveFile } from 'wavefile';
import { readWav, resample, spectrogram, writeWav } from '../src/audio';

const sine = (hz: number, rate: number, seconds: number, amplitude = 0.5) =>
  Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate),
  );

function wavBytes(
  channels: number,
  rate: number,
  bitDepth: string,
  samples: ArrayLike<number> | ArrayLike<number>[],
): Uint8Array {
  const wav = new WaveFile();
  wav.fromScratch(channels, rate, bitDepth, samples as number[]);
  return wav.toBuffer();
}

test('a clip written as 16-bit PCM reads back within one step of 1/32767', () => {
  const clip = { samples: sine(440, 8000, 0.25), sampleRate: 8000 };
  const back = readWav(writeWav(clip));
  assert.equal(back.sampleRate, 8000);
  assert.equal(back.samples.length, clip.samples.length);
  assert.ok(back.samples.every((x, i) => Math.abs(x - clip.samples[i]) <= 1 / 32767));
});

test('8-bit unsigned, 32-bit float and stereo PCM all read as mono samples in [−1, 1]', () => {
  assert.deepEqual(Array.from(readWav(wavBytes(1, 8000, '8', [0, 128, 192])).samples), [-1, 0, 0.5]);
  assert.deepEqual(Array.from(readWav(wavBytes(1, 8000, '32f', [0.25, -0.75])).samples), [0.25, -0.75]);
  const stereo = readWav(
    wavBytes(2, 8000, '16', [
      [16384, 0],
      [0, -16384],
    ]),
  ); // the two channels are averaged
  assert.deepEqual(Array.from(stereo.samples), [0.25, -0.25]);
});

test('a file at 16 kHz is resampled to the 8 kHz asked for, keeping its pitch', () => {
  const clip = readWav(wavBytes(1, 16000, '32f', sine(500, 16000, 0.5)), { sampleRate: 8000 });
  assert.equal(clip.sampleRate, 8000);
  assert.equal(clip.samples.length, 4000);
  const { decibels, frames, bins, binHz } = spectrogram(clip.samples, 8000);
  const middle = decibels.subarray(Math.floor(frames / 2) * bins, (Math.floor(frames / 2) + 1) * bins);
  assert.equal(middle.indexOf(Math.max(...middle)) * binHz, 500);
  assert.throws(() => resample(clip, 0), /positive integer/);
});

test('μ-law, A-law or ADPCM files are refused with the conversion command', () => {
  const muLaw = new WaveFile(wavBytes(1, 8000, '16', [0, 1000, -1000]));
  muLaw.toMuLaw();
  assert.throws(
    () => readWav(muLaw.toBuffer(), { name: 'phone.wav' }),
    /phone\.wav holds μ-law audio, not PCM; .*ffmpeg -i IN\.wav -c:a pcm_s16le OUT\.wav/,
  );
});

test('a corrupt or truncated file and an empty clip are refused by name', () => {
  assert.throws(
    () => readWav(new TextEncoder().encode('not a wav file at all'), { name: 'notes.txt' }),
    /notes\.txt is not a readable WAV file/,
  );
  const good = writeWav({ samples: sine(440, 8000, 0.1), sampleRate: 8000 });
  assert.throws(() => readWav(good.subarray(0, 30), { name: 'cut.wav' }), /cut\.wav is not a readable WAV file/);
  assert.throws(
    () => readWav(wavBytes(1, 8000, '16', []), { name: 'empty.wav' }),
    /empty\.wav holds no samples \(an empty clip\)/,
  );
  assert.throws(() => writeWav({ samples: new Float32Array(0), sampleRate: 8000 }), /holds no samples/);
});
