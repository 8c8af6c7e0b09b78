// One row per code listing of the five articles (L1…L13, in the articles' order): what it meant to build, what breaks, the fix, and
// where chapter 12 shows it.
import { TableRow } from '../plots';

export interface ListingSummary extends TableRow {
  listing: string;
  source: string;
  intended: string;
  breaks: string;
  fix: string;
  /** The section(s) of notebooks/12-reading-the-articles-code.ipynb that run it. */
  shownIn: string;
}

export const listingSummaries: ListingSummary[] = [
  {
    listing: 'L1',
    source: '000 §5.1',
    intended: 'MNIST scaled, one channel axis',
    breaks: 'channel axis added twice: 5-D images; [0, 1] pixels for a tanh generator',
    fix: 'one channel axis; [−1, 1] for the GAN, [0, 1] for the VAE',
    shownIn: 'L1; training: tanh against [0, 1]',
  },
  {
    listing: 'L2',
    source: '000 §5.2.1',
    intended: 'DCGAN, 28×28×1',
    breaks:
      'last conv has stride 2: 14×14×1 fakes; D is taught fakes → real and G fakes → fake, so no real image reaches a loss',
    fix: 'stride 1; D: real → 1, fake → 0; G: fake → 1',
    shownIn: "L2; training: 000's labels",
  },
  {
    listing: 'L3',
    source: '000 §5.2.2',
    intended: 'conv VAE, 20-d code',
    breaks: 'μ and log σ² layers stacked into one output; decoder draws 56×56×1; loss adds [b, 28, 28] to [b]',
    fix: 'two parallel heads; third transposed conv with stride 1; per-image summed BCE + KL',
    shownIn: 'L3',
  },
  {
    listing: 'L4',
    source: '000 §5.4',
    intended: '10×10 grids of GAN and VAE samples',
    breaks:
      'ignores its noise argument; feeds noise to the VAE encoder; GAN images are 14×14; imshow stretches each ' +
      'image to its own range',
    fix: 'use the noise passed in; decode N(0, I) codes with the decoder; show (x + 1)/2 in a fixed window',
    shownIn: 'L4',
  },
  {
    listing: 'L5',
    source: '001 §5.2',
    intended: 'DCGAN trained with train_on_batch',
    breaks: 'models never built; 1 fake against batch-size labels; D not frozen in the stacked model; G targets "fake"',
    fix: 'a batch of fakes; freeze D before compiling G → D; G targets "real"',
    shownIn: 'L5; training: the generator trained toward "fake"',
  },
  {
    listing: 'L6',
    source: '001-ext',
    intended: 'LSTM VAE that writes text',
    breaks: 'rank-2 input to an LSTM; no μ, log σ², sampling or KL; MSE on numbers, never tokens',
    fix: 'embedding → LSTM → μ, log σ² → z → repeated per step → LSTM → softmax; token cross-entropy + KL',
    shownIn: 'L6',
  },
  {
    listing: 'L7',
    source: '001-ext',
    intended: 'functional DCGAN',
    breaks: 'does not parse (indentation); LeakyReLU assigned, not applied; D never compiled; G trained alone',
    fix: 'apply the layers; compile D, freeze it, train G through G → D',
    shownIn: 'L7',
  },
  {
    listing: 'L8',
    source: '002 §3.2',
    intended: 'MLP GAN, step by step',
    breaks:
      'flat 784-pixel fakes for a 28×28×1 D; "real" data is Gaussian noise; predict() inside the tape (no gradients); sigmoid applied twice',
    fix: 'Reshape to 28×28×1; MNIST; call the models; losses on logits',
    shownIn: 'L8; training: noise as real data',
  },
  {
    listing: 'L9',
    source: '002 §4.3',
    intended: 'toy 2-D VAE',
    breaks: 'layers built inside the function: new random weights on every call; no sampling; sigmoid μ',
    fix: 'build the layers once; linear μ and log σ² heads; z = μ + σε',
    shownIn: 'L9',
  },
  {
    listing: 'L10',
    source: '002 §5.2',
    intended: 'MLP GAN',
    breaks:
      'model functions return tensors; flat fakes concatenated with 28×28×1 reals; two-column labels for one output; G trained alone',
    fix: 'models built once; Reshape; one label column; G trained through D',
    shownIn: 'L10; training (all runs use it, fixed)',
  },
  {
    listing: 'L11',
    source: '003 §5.2',
    intended: 'MLP + conv GAN',
    breaks: '1,024 values reshaped to 28×28×1; a "valid" 5×5 conv makes 24×24; G targets "fake"',
    fix: '784 units; "same" conv; G targets "real"',
    shownIn: 'L11; training: the generator trained toward "fake"',
  },
  {
    listing: 'L12',
    source: '004 §6.1–6.2',
    intended: 'text from a pretrained GPT-2',
    breaks:
      'invalid pip pins (2.x; pytorch is not torch); no model file gpt2; no tokenizer on a Keras model; ' +
      '[[ids]] padded to rank 3; logits padded to int32; no sampling loop',
    fix: "GPT-2's tokenizer and weights (a download), and a loop: sample, append, repeat",
    shownIn: 'L12 (up to the weights)',
  },
  {
    listing: 'L13',
    source: '004 §6.2',
    intended: 'up-sampling DCGAN',
    breaks: '3-channel fakes for a 1-channel D; "real" data is Gaussian noise; D not frozen; batch of 1 with BatchNorm',
    fix: 'one output channel; MNIST; freeze D; batches of 64',
    shownIn: 'L13; training: noise as real data',
  },
];
