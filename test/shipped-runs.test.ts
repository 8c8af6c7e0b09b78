// The trained runs shipped in trained/ load and reproduce the scores their training recorded, on the full test set:
// the evaluator's test accuracy exactly, the VAE's seeded test −ELBO within 0.01 nats.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { selectBackend } from '../src/backend';
import { imagesToTensor, loadMnist } from '../src/data';
import {
  checkpointFile,
  metricsFile,
  provenanceFile,
  Provenance,
  RunState,
  shippedRunFolder,
  SHIPPED_DIRECTORY,
} from '../src/storage';
import { tempDir } from './support/temp';
import { loadClassifier } from '../src/evaluator';
import { evaluateClassifier, loadVae, vaeNegativeElbo } from '../src/training';

/** Each shipped run and the commands that make it again (README, "trained/"). */
const SHIPPED: Record<string, { train: string; ship: string }> = {
  classifier: { train: 'train classifier', ship: 'ship classifier' },
  vae: { train: 'train vae', ship: 'ship vae' },
  'vae-2d': { train: 'train vae --latent=2 --out=runs/vae-2d', ship: 'ship vae --out=runs/vae-2d' },
};
const retrain = (run: string) =>
  `Retrain it with \`node dist/cli/main.js ${SHIPPED[run].train}\`, then ` +
  `\`node dist/cli/main.js ${SHIPPED[run].ship}\`, or restore the committed folder with \`git checkout -- trained/${run}\`.`;

/** Runs `check` on the shipped `model`, turning any failure into one that says how to make the run again. */
async function reproduces(
  model: string,
  check: (dir: string, history: RunState['history']) => Promise<void>,
  dir = shippedRunFolder(model),
): Promise<void> {
  try {
    assert.ok(fs.existsSync(checkpointFile(dir)), `${checkpointFile(dir)} is missing`);
    const provenance: Provenance = JSON.parse(fs.readFileSync(provenanceFile(dir), 'utf8'));
    assert.ok(
      provenance.sessions.length > 0 && provenance.sessions.every((s) => /^[0-9a-f]{40}$/.test(s.commit)),
      'provenance.json names the commits that trained it',
    );
    await check(dir, JSON.parse(fs.readFileSync(metricsFile(dir), 'utf8')).history);
    const onDisk = fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
    assert.equal(provenance.shipped?.bytes, onDisk, 'provenance.json gives the size shipped');
  } catch (error) {
    throw new Error(
      `The shipped run ${dir} does not load or no longer reproduces its recorded scores: ` +
        `${error instanceof Error ? error.message : error}\n${retrain(model)}`,
    );
  }
}

test('trained/ holds exactly the shipped runs', () => {
  assert.deepEqual(fs.readdirSync(SHIPPED_DIRECTORY).sort(), Object.keys(SHIPPED).sort());
});

test('the shipped evaluator gets exactly its recorded test accuracy on the 10,000 test digits', async () => {
  await selectBackend();
  const mnist = await loadMnist();
  await reproduces('classifier', async (dir, history) => {
    const model = loadClassifier(dir);
    const { testAccuracy } = await evaluateClassifier(model, mnist.test);
    model.dispose();
    assert.equal(testAccuracy, history[history.length - 1].metrics.testAccuracy);
    assert.ok(testAccuracy >= 0.99);
  });
});

for (const run of ['vae', 'vae-2d']) {
  test(`the shipped conv VAE in trained/${run} gets its recorded test −ELBO within 0.01 nats on the 10,000 test digits`, async () => {
    await selectBackend();
    const mnist = await loadMnist();
    await reproduces(run, async (dir, history) => {
      const { vae } = loadVae(dir);
      const seed = JSON.parse(fs.readFileSync(metricsFile(dir), 'utf8')).settings.seed;
      const images = imagesToTensor(
        mnist.test,
        Array.from({ length: mnist.test.count }, (_, i) => i),
        'unit',
      );
      const { negativeElbo } = vaeNegativeElbo(vae, images, { seed: seed + 1 }); // the trainer's evaluation seed
      images.dispose();
      vae.encoder.dispose();
      vae.decoder.dispose();
      const recorded = history[history.length - 1].metrics.testNegElbo;
      assert.ok(Math.abs(negativeElbo - recorded) <= 0.01, `test −ELBO ${negativeElbo}, recorded ${recorded}`);
    });
  });
}

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
