// Networks and optimisers to checkpoint tensors and back. The one place in genlab that reaches into a tfjs internal:
// Adam's running powers β₁ᵗ and β₂ᵗ, which its public getWeights() leaves out.
import * as tf from '@tensorflow/tfjs';
import { Checkpoint, NamedTensor } from './checkpoint';

/** What a checkpoint saves of a model in training: its networks and their optimisers, by name. */
export interface TrainingModels {
  networks: Record<string, tf.LayersModel>;
  optimizers: Record<string, tf.Optimizer>;
}

/** The tensors of `models` as a checkpoint holds them; call `release` once they are written. */
export async function captureTraining(
  models: TrainingModels,
): Promise<Pick<Checkpoint, 'networks' | 'optimizers'> & { release(): void }> {
  const networks = Object.fromEntries(
    Object.entries(models.networks).map(([name, model]) => [name, model.getWeights()]),
  );
  const optimizers: Checkpoint['optimizers'] = {};
  for (const [name, optimizer] of Object.entries(models.optimizers)) optimizers[name] = await optimizerState(optimizer);
  // getWeights() returns the variables themselves, except the iteration count, which optimisers make anew each call.
  const release = () => {
    for (const state of Object.values(optimizers))
      tf.dispose(state.filter((w) => w.name === 'iter').map((w) => w.tensor));
  };
  return { networks, optimizers, release };
}

/** Copies a checkpoint's tensors into `models`; `file` names the checkpoint in errors. */
export async function restoreTraining(models: TrainingModels, checkpoint: Checkpoint, file: string): Promise<void> {
  for (const [name, model] of Object.entries(models.networks))
    setNetworkWeights(model, checkpoint.networks[name] ?? [], `${file} (${name})`);
  for (const [name, optimizer] of Object.entries(models.optimizers))
    await setOptimizerState(optimizer, checkpoint.optimizers[name] ?? []);
}

/** Copies `weights` into `model`, checking count and shapes, so a checkpoint of another architecture fails clearly. */
export function setNetworkWeights(model: tf.LayersModel, weights: tf.Tensor[], source: string): void {
  const expected = model.weights.map((w) => w.shape.join('×'));
  const found = weights.map((w) => w.shape.join('×'));
  if (expected.join() !== found.join()) {
    throw new Error(
      `${source} holds weights of shapes [${found.join(', ')}] but the model needs ` +
        `[${expected.join(', ')}]: it was written for another architecture. Use a run folder made by the same model.`,
    );
  }
  model.setWeights(weights);
}

// Adam keeps β₁ᵗ and β₂ᵗ outside getWeights() and recomputes them as powers on setWeights(), which differs from its
// running product in the last bits; saving them too makes a resumed run match an uninterrupted one exactly.
// tfjs 4.22's AdamOptimizer names them accBeta1 and accBeta2 (test/storage-training-state.test.ts fails if that changes).
type WithPowers = { accBeta1?: tf.Variable; accBeta2?: tf.Variable };

async function optimizerState(optimizer: tf.Optimizer): Promise<NamedTensor[]> {
  const weights = await optimizer.getWeights();
  const { accBeta1, accBeta2 } = optimizer as unknown as WithPowers;
  if (accBeta1 && accBeta2)
    weights.push({ name: 'accBeta1', tensor: accBeta1 }, { name: 'accBeta2', tensor: accBeta2 });
  return weights;
}

async function setOptimizerState(optimizer: tf.Optimizer, weights: NamedTensor[]): Promise<void> {
  const powers = weights.filter((w) => w.name === 'accBeta1' || w.name === 'accBeta2');
  await optimizer.setWeights(weights.filter((w) => !powers.includes(w)));
  const target = optimizer as unknown as WithPowers;
  for (const { name, tensor } of powers) target[name as keyof WithPowers]?.assign(tensor as tf.Scalar);
}
