// The audio output of notebooks: a player whose embedded WAV is the clip, a spectrogram picture beside it, and the
// waveform picture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { readWav } from '../src/audio';
import { audioBundle, spectrogramPng, waveformPng } from '../src/plots';

const clip = { samples: Float32Array.from({ length: 4000 }, (_, i) => 0.5 * Math.sin(i / 5)), sampleRate: 8000 };

test('the player embeds the clip as a WAV data URL, beside its spectrogram, with text and the picture as fallbacks', () => {
  const bundle = audioBundle(clip, 'a <test> tone');
  const html = bundle['text/html']!;
  const wav = /<audio controls preload="auto" src="data:audio\/wav;base64,([A-Za-z0-9+/=]+)"><\/audio>/.exec(html);
  assert.ok(wav, 'an <audio> element with an embedded WAV');
  const back = readWav(Buffer.from(wav[1], 'base64'));
  assert.equal(back.samples.length, 4000);
  assert.ok(back.samples.every((x, i) => Math.abs(x - clip.samples[i]) <= 1 / 32767));
  assert.ok(
    html.includes(`<img alt="spectrogram of a &lt;test&gt; tone" src="data:image/png;base64,${bundle['image/png']}">`),
  );
  assert.equal(
    bundle['text/plain'],
    'a <test> tone: 0.50 s of audio at 8000 Hz (a player and its spectrogram in Jupyter)',
  );
});

test('the spectrogram has a column per frame and puts the tone in the right row; the waveform spans the clip', () => {
  const picture = PNG.sync.read(Buffer.from(spectrogramPng(clip)));
  assert.deepEqual([picture.width, picture.height], [1 + Math.floor((4000 - 256) / 64), 258]);
  // sin(i/5) is 8000/(10π) ≈ 255 Hz, bin 8 of 31.25 Hz: rows 240–241 from the top, where the brightest colour is.
  const brightness = (y: number) =>
    picture.data[4 * (y * picture.width + 20)] + picture.data[4 * (y * picture.width + 20) + 1];
  const rows = Array.from({ length: picture.height }, (_, y) => brightness(y));
  assert.ok([240, 241].includes(rows.indexOf(Math.max(...rows))), `brightest row ${rows.indexOf(Math.max(...rows))}`);
  const wave = PNG.sync.read(Buffer.from(waveformPng(clip, 200, 50)));
  assert.deepEqual([wave.width, wave.height], [200, 50]);
  assert.throws(() => waveformPng({ samples: new Float32Array(0), sampleRate: 8000 }), /no samples/);
});
