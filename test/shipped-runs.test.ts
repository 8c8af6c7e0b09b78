// The trained runs shipped in trained/ load and reproduce the scores their training recorded: the evaluator's test
// accuracy exactly, each VAE's seeded test −ELBO within 0.01 nats, the binarised VAE's test log-likelihood estimate
// (iwae.json) on its first digits, the DCGAN's class entropy and confidence on its seeded samples, the AC-GAN's share
// of samples read as the digit asked for, the Transformer's held-out bits per character and the WaveNet's held-out bits
// per sample. A run the
// course will ship but has not yet (SHIPPED, README "trained/") is skipped, saying so.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadSpeech, muLawEncode } from '../src/audio';
import { selectBackend } from '../src/backend';
import { binarisedImages, imagesToTensor, loadMnist } from '../src/data';
import {
  checkpointFile,
  likelihoodFile,
  loadFinishedRun,
  metricsFile,
  numberSettings,
  provenanceFile,
  Provenance,
  RunSettings,
  RunState,
  shippedRunFolder,
  SHIPPED_DIRECTORY,
} from '../src/storage';
import { tempDir } from './support/temp';
import { loadClassifier } from '../src/evaluator';
import { receptiveField } from '../src/models';
import {
  acganTrainer,
  evaluateClassifier,
  ganTrainer,
  LikelihoodEstimate,
  loadLanguageModel,
  loadVae,
  loadWaveNet,
  runLikelihood,
  textWindows,
  vaeNegativeElbo,
  waveNetBits,
  windowsBitsPerToken,
} from '../src/training';
import { CharVocabulary, loadMobyDick } from '../src/text';

/** Each shipped run and the commands that make it again (README, "trained/"). */
const SHIPPED: Record<string, string[]> = {
  classifier: ['train classifier', 'ship classifier'],
  vae: ['train vae', 'ship vae'],
  'vae-2d': ['train vae --latent=2 --out=runs/vae-2d', 'ship vae --out=runs/vae-2d'],
  'vae-binarised': ['train vae --binarised', 'evaluate vae', 'ship vae --out=runs/vae-binarised'],
  gan: ['train gan', 'ship gan'],
  lm: ['train lm', 'ship lm'],
  acgan: ['train acgan', 'ship acgan'],
  wavenet: ['train wavenet', 'ship wavenet'],
};
const commands = (run: string) => SHIPPED[run].map((command) => `\`node dist/cli/main.js ${command}\``).join(', then ');
const retrain = (run: string) =>
  `Retrain it with ${commands(run)}, or restore the committed folder with \`git checkout -- trained/${run}\`.`;
/** Why a run the course ships is not in trained/ yet, or false: its test is skipped with this message. */
const notYetShipped = (run: string) =>
  !fs.existsSync(shippedRunFolder(run)) && `trained/${run} is not shipped yet; ${commands(run)} ships it`;

/** What a run recorded when it trained (its metrics.json): its settings and the metrics of its last epoch. */
interface Recorded {
  settings: RunSettings;
  metrics: Record<string, number>;
}

/** Runs `check` on the shipped `model`, turning any failure into one that says how to make the run again. */
async function reproduces(
  model: string,
  check: (dir: string, recorded: Recorded) => Promise<void>,
  dir = shippedRunFolder(model),
): Promise<void> {
  try {
    assert.ok(fs.existsSync(checkpointFile(dir)), `${checkpointFile(dir)} is missing`);
    const provenance: Provenance = JSON.parse(fs.readFileSync(provenanceFile(dir), 'utf8'));
    assert.ok(
      provenance.sessions.length > 0 && provenance.sessions.every((s) => /^[0-9a-f]{40}$/.test(s.commit)),
      'provenance.json names the commits that trained it',
    );
    const { settings, history }: RunState = JSON.parse(fs.readFileSync(metricsFile(dir), 'utf8'));
    await check(dir, { settings, metrics: history[history.length - 1].metrics });
    const onDisk = fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
    assert.equal(provenance.shipped?.bytes, onDisk, 'provenance.json gives the size shipped');
  } catch (error) {
    throw new Error(
      `The shipped run ${dir} does not load or no longer reproduces its recorded scores: ` +
        `${error instanceof Error ? error.message : error}\n${retrain(model)}`,
    );
  }
}

/** The test that the shipped `run` reproduces its record; skipped, saying how to ship it, while trained/ lacks it. */
function testShippedRun(run: string, title: string, check: (dir: string, recorded: Recorded) => Promise<void>) {
  test(title, { skip: notYetShipped(run) }, async () => {
    await selectBackend();
    await reproduces(run, check);
  });
}

test('trained/ holds only the runs this test checks', () => {
  const unknown = fs.readdirSync(SHIPPED_DIRECTORY).filter((run) => !(run in SHIPPED));
  assert.deepEqual(unknown, [], 'a shipped run without a test here');
});

// The evaluator is never skipped: every other check judges with it.
test('the shipped evaluator gets exactly its recorded test accuracy on the 10,000 test digits', async () => {
  await selectBackend();
  await reproduces('classifier', async (dir, { metrics }) => {
    const model = loadClassifier(dir);
    const { testAccuracy } = await evaluateClassifier(model, (await loadMnist()).test);
    model.dispose();
    assert.equal(testAccuracy, metrics.testAccuracy);
    assert.ok(testAccuracy >= 0.99);
  });
});

for (const run of ['vae', 'vae-2d', 'vae-binarised']) {
  testShippedRun(
    run,
    `the shipped conv VAE in trained/${run} gets its recorded test −ELBO within 0.01 nats on the 10,000 test digits`,
    async (dir, { settings, metrics }) => {
      const mnist = await loadMnist();
      const { vae } = loadVae(dir);
      const images =
        settings.binarisation === 'dynamic'
          ? binarisedImages(mnist.test) // scored on the test set binarised once, as it trained
          : imagesToTensor(
              mnist.test,
              Array.from({ length: mnist.test.count }, (_, i) => i),
              'unit',
            );
      const { seed } = numberSettings(settings, ['seed'], dir);
      const { negativeElbo } = vaeNegativeElbo(vae, images, { seed: seed + 1 }); // the trainer's evaluation seed
      images.dispose();
      vae.encoder.dispose();
      vae.decoder.dispose();
      const recorded = metrics.testNegElbo;
      assert.ok(Math.abs(negativeElbo - recorded) <= 0.01, `test −ELBO ${negativeElbo}, recorded ${recorded}`);
    },
  );
}

const IWAE_DIGITS = 2; // a few seconds each: their bounds are the file's first ones, since draws follow the digit order

testShippedRun(
  'vae-binarised',
  `the shipped binarised VAE's iwae.json gives the importance-weighted bounds its weights give on the first ${IWAE_DIGITS} digits`,
  async (dir) => {
    const mnist = await loadMnist();
    assert.ok(fs.existsSync(likelihoodFile(dir)), `${likelihoodFile(dir)} is missing`);
    const saved: LikelihoodEstimate = JSON.parse(fs.readFileSync(likelihoodFile(dir), 'utf8'));
    const { vae, epochs, steps } = loadVae(dir);
    assert.deepEqual([saved.epochs, saved.steps], [epochs, steps], 'iwae.json estimates the shipped checkpoint');
    const settings = { images: IWAE_DIGITS, samples: saved.samples, seed: saved.seed };
    const { bounds } = await runLikelihood(tempDir('iwae'), vae, { epochs, steps }, mnist.test, settings);
    vae.encoder.dispose();
    vae.decoder.dispose();
    assert.deepEqual(
      bounds.map((b) => b.k),
      saved.bounds.map((b) => b.k),
    );
    bounds.forEach(({ k, perImage }, j) =>
      perImage.forEach((value, i) => {
        const recorded = saved.bounds[j].perImage[i];
        assert.ok(Math.abs(value - recorded) <= 0.01, `digit ${i}: L_${k} ${value}, recorded ${recorded}`);
      }),
    );
  },
);

testShippedRun(
  'gan',
  'the shipped DCGAN gets its recorded class entropy and confidence on its seeded samples, judged by the shipped evaluator',
  async (dir, { settings, metrics: recorded }) => {
    const evaluator = loadClassifier(shippedRunFolder('classifier'));
    // The trainer's default of 1,000 samples is what `genlab train gan` judges at full settings.
    const trainer = ganTrainer({ ...numberSettings(settings, ['latentDim', 'seed'], dir), evaluator });
    loadFinishedRun(trainer, dir);
    const scores = await trainer.evaluate();
    [evaluator, trainer.gan.generator, trainer.gan.discriminator, trainer.fixedNoise].forEach((x) => x.dispose());
    for (const name of ['classEntropy', 'meanConfidence']) {
      assert.ok(Math.abs(scores[name] - recorded[name]) <= 1e-4, `${name} ${scores[name]}, recorded ${recorded[name]}`);
    }
  },
);

test('a truncated or missing shipped file fails with the way to make it again', async () => {
  const copy = tempDir('shipped-copy');
  fs.cpSync(shippedRunFolder('classifier'), copy, { recursive: true });
  const file = checkpointFile(copy);
  fs.truncateSync(file, fs.statSync(file).size - 100);
  await assert.rejects(
    reproduces(
      'classifier',
      async (dir) => {
        loadClassifier(dir);
      },
      copy,
    ),
    /does not load .*truncated.*\n.*train classifier.*ship classifier/,
  );
  fs.rmSync(file);
  await assert.rejects(
    reproduces('classifier', async () => {}, copy),
    /checkpoint\.bin is missing\n.*train classifier/,
  );
});

testShippedRun(
  'lm',
  "the shipped Transformer gets its recorded held-out bits per character on Moby-Dick's last tenth",
  async (dir, { metrics }) => {
    const { lm } = loadLanguageModel(dir);
    const corpus = loadMobyDick();
    const ids = CharVocabulary.of(corpus.train).encode(corpus.validation);
    const bits = windowsBitsPerToken(lm, textWindows(ids, lm.config.contextLength));
    lm.model.dispose();
    const recorded = metrics.validationBitsPerChar;
    assert.ok(Math.abs(bits - recorded) <= 1e-3, `held-out bits per character ${bits}, recorded ${recorded}`);
  },
);

testShippedRun(
  'acgan',
  'the shipped AC-GAN gets exactly its recorded share of samples read as the digit asked for, judged by the shipped evaluator',
  async (dir, { settings, metrics: recorded }) => {
    const evaluator = loadClassifier(shippedRunFolder('classifier'));
    // 100 samples per digit, as `genlab train acgan` judges at full settings: each share counts whole samples.
    const trainer = acganTrainer({
      ...numberSettings(settings, ['latentDim', 'seed'], dir),
      evaluator,
      samplesPerDigit: 100,
    });
    loadFinishedRun(trainer, dir);
    const scores = await trainer.evaluate();
    [evaluator, trainer.acgan.generator, trainer.acgan.discriminator, trainer.fixedNoise].forEach((x) => x.dispose());
    for (const name of ['conditionalAccuracy', 'lowestDigitAccuracy']) {
      assert.equal(scores[name], recorded[name], name);
    }
  },
);

testShippedRun(
  'wavenet',
  'the shipped WaveNet gets its recorded held-out bits per sample on the held-out speech within 10⁻⁵',
  async (dir, { metrics }) => {
    const { model, config } = loadWaveNet(dir);
    // The trainer's evaluation at full settings: every held-out clip of the corpus, μ-law coded (about 13 s here).
    const heldOut = loadSpeech().heldOut.map((clip) => muLawEncode(clip.samples));
    const bits = waveNetBits(model, heldOut, receptiveField(config.dilations));
    model.dispose();
    const recorded = metrics.heldOutBits;
    // Float32 sums in another order (threads, backend) move it: 9·10⁻⁸ on native oneDNN with 2 threads.
    assert.ok(Math.abs(bits - recorded) <= 1e-5, `held-out bits per sample ${bits}, recorded ${recorded}`);
  },
);
