// Training the GAN variants of chapter 08 in the shared loop: the Wasserstein GAN with weight clipping (Arjovsky et al.
// 2017) or with the gradient penalty (Gulrajani et al. 2017), and the non-saturating GAN with a spectrally normalised
// discriminator (Miyato et al. 2018). Each uses its paper's optimiser settings by default.
import * as tf from '@tensorflow/tfjs';
import {
  checkPositive,
  clipWeights,
  criticLoss,
  generatorLossWasserstein,
  gradientPenalty,
  shareAtClipBounds,
} from '../losses';
import { tfSeed } from '../maths';
import { asModelInput, buildMlpGan, buildSnMlpGan, Gan } from '../models';
import { judgeGenerator } from './gan';
import { stepSeed, Trainer } from './loop';
import { withSeed } from './seeded';
import {
  definedOnly,
  GAN_VARIANTS,
  GanVariant,
  trainerSettings,
  VARIANT_DEFAULTS,
  VARIANT_TRAINING,
  VariantSettings,
} from './settings';
import { ganStep } from './steps';

export interface VariantTrainerOptions extends Partial<VariantSettings> {
  variant: GanVariant;
  latentDim?: number;
  seed: number;
  evaluator?: tf.Sequential;
  evaluationSamples?: number;
}

export type VariantTrainer = Trainer & {
  gan: Gan;
  variant: GanVariant;
  fixedNoise: tf.Tensor2D;
  settingsUsed: VariantSettings;
};

/** The variant's name checked: an unknown one is an error listing the known ones. */
export function checkVariant(name: string): GanVariant {
  if (!(GAN_VARIANTS as readonly string[]).includes(name)) {
    throw new RangeError(`unknown GAN variant ${JSON.stringify(name)}; choose one of ${GAN_VARIANTS.join(', ')}.`);
  }
  return name as GanVariant;
}

export function variantTrainer(options: VariantTrainerOptions): VariantTrainer {
  const variant = checkVariant(options.variant);
  const {
    variant: _,
    latentDim = VARIANT_TRAINING.latentDim,
    seed,
    evaluator,
    evaluationSamples = 1000,
    ...chosen
  } = options;
  const defaults = VARIANT_DEFAULTS[variant];
  const used: VariantSettings = { ...defaults, ...definedOnly(chosen) };
  checkPositive(used.penaltyWeight, 'the gradient-penalty weight λ', 'Gulrajani et al. use 10');
  checkPositive(used.clipValue, 'the clip value c', 'Arjovsky et al. use 0.01');
  checkPositive(used.learningRate, 'the learning rate', `the ${variant} default is ${defaults.learningRate}`);
  if (!Number.isInteger(used.criticSteps) || used.criticSteps < 1) {
    throw new RangeError(`criticSteps must be a whole number ≥ 1, got ${used.criticSteps}; the WGAN papers use 5.`);
  }
  const fixedNoiseSeed = tfSeed(seed + 1); // refused before any network is built
  const gan = withSeed(seed, () => (variant === 'sngan' ? buildSnMlpGan(latentDim) : buildMlpGan(latentDim)));
  const optimizer = () =>
    variant === 'wgan-clip'
      ? tf.train.rmsprop(used.learningRate)
      : tf.train.adam(used.learningRate, used.adamBeta1, used.adamBeta2);
  const optimizers = { generator: optimizer(), discriminator: optimizer() };
  const criticVariables = () => gan.discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
  const generatorVariables = () => gan.generator.trainableWeights.map((w) => w.read() as tf.Variable);
  const scores = (x: tf.Tensor) => gan.discriminator.apply(x, { training: true }) as tf.Tensor;
  const fakes = (n: number) => gan.generator.apply(tf.randomNormal([n, latentDim]), { training: true }) as tf.Tensor;
  /**
   * One critic update on the batch, clipped or penalised, and a generator update on every criticSteps-th step. L_G is
   * read off the critic step's fakes, −E[D(G(z))] before the critic's update, so that every step reports it at no cost.
   */
  const wassersteinStep = (real: tf.Tensor, step: number): Record<string, number> => {
    const n = real.shape[0];
    let [estimate, generatorLoss] = [0, 0];
    const critic = optimizers.discriminator.minimize(
      () => {
        const fake = fakes(n);
        const fakeScores = scores(fake);
        const loss = criticLoss(scores(real), fakeScores);
        estimate = -loss.dataSync()[0];
        generatorLoss = generatorLossWasserstein(fakeScores).dataSync()[0];
        return variant === 'wgan-gp'
          ? (tf.add(loss, gradientPenalty(scores, real, fake, used.penaltyWeight)) as tf.Scalar)
          : loss;
      },
      true,
      criticVariables(),
    ) as tf.Scalar;
    if (variant === 'wgan-clip') clipWeights(criticVariables(), used.clipValue);
    if (step % used.criticSteps === 0) {
      optimizers.generator.minimize(() => generatorLossWasserstein(scores(fakes(n))), false, generatorVariables());
    }
    const losses = { L_D: critic.dataSync()[0], L_G: generatorLoss, W: estimate };
    critic.dispose();
    return losses;
  };

  return {
    kind: variant,
    settings: trainerSettings({ latentDim }, { ...used }, { ...defaults }),
    gan,
    variant,
    settingsUsed: used,
    fixedNoise: tf.randomNormal([64, latentDim], 0, 1, 'float32', fixedNoiseSeed),
    networks: { generator: gan.generator, discriminator: gan.discriminator },
    optimizers,
    range: 'signed',
    async step({ images }, seedOfStep) {
      // The loop's step seeds are seed·10⁷ + step, so the step's number survives a resume.
      const step = seedOfStep % stepSeed(1, 0);
      return withSeed(seedOfStep, () => {
        const real = asModelInput(gan.discriminator, images);
        try {
          if (variant !== 'sngan') return wassersteinStep(real, step);
          const losses = ganStep(gan, optimizers, real);
          return { L_D: losses.discriminator, L_G: losses.generator };
        } finally {
          real.dispose();
        }
      });
    },
    async evaluate() {
      const clipped: Record<string, number> =
        variant === 'wgan-clip' ? { atClipBounds: shareAtClipBounds(criticVariables(), used.clipValue) } : {};
      if (!evaluator) return clipped;
      const coverage = judgeGenerator(gan, evaluator, evaluationSamples, seed + 2);
      return { ...clipped, classEntropy: coverage.entropy, meanConfidence: coverage.meanConfidence };
    },
  };
}
