// The source articles' concept diagrams (Mermaid flowcharts in 000 §2.5 and §3.3, 001-ext "核心概念与联系", 002 §2.3 and
// 003 §2.5), each with what is wrong in it and a corrected diagram of our own. The SVG of each corrected diagram is
// drawn by the `mermaid` package in Chromium (src/cli/render-diagrams.ts) and kept in notebooks/results/frame/diagrams/,
// so that the notebook shows it in every viewer without a browser at run time.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Resvg } from '@resvg/resvg-js';
import { MimeBundle, showOutput } from '../plots';
import { FRAME_RESULTS_DIRECTORY } from '../ood';

export interface ConceptDiagram {
  id: string;
  /** Where the original is: article id and section. */
  where: string;
  /** What the original shows, in our words. */
  original: string;
  /** What is wrong with it. */
  faults: string[];
  /** The corrected diagram, in Mermaid's flowchart syntax. */
  mermaid: string;
}

export const CONCEPT_DIAGRAMS: ConceptDiagram[] = [
  {
    id: 'gan-and-vae',
    where: '000 §2.5',
    original:
      'generator → discriminator → adversarial training → optimisation; encoder → decoder, encoder → sampling, ' +
      'decoder → reconstruction; and GANs → VAE, both → generative models',
    faults: [
      'the edge GANs → VAE says one model comes from the other; they are independent answers to the same question (both learn p(x))',
      "sampling hangs off the encoder as a side branch, while the decoder is fed by the encoder directly: the decoder receives the sample z, not the encoder's output",
      'no data and no noise enter either model, so neither loop says what is learned from what',
    ],
    mermaid: `flowchart LR
  subgraph GAN["GAN: an implicit model of p(x)"]
    z1["noise z ~ N(0, I)"] --> G["generator G"]
    G --> fake["fake image G(z)"]
    fake --> D["discriminator D"]
    real1["real image x"] --> D
    D --> p["D(x): probability the input is real"]
  end
  subgraph VAE["VAE: a latent-variable model of p(x)"]
    x["image x"] --> E["encoder q(z|x)"]
    E --> ms["mean and log-variance"]
    ms --> S["z = mean + sd × noise"]
    S --> Dec["decoder p(x|z)"]
    Dec --> rec["reconstruction term −log p(x|z)"]
    ms --> KL["KL term KL(q(z|x) ‖ N(0, I))"]
  end`,
  },
  {
    id: 'training-steps',
    where: '000 §3.3',
    original:
      'one chain mixing both models: initialise → generator → fakes → discriminator training; encoder → sampling → ' +
      'reconstruction error → KL divergence → update → repeat',
    faults: [
      "the KL divergence is drawn as computed from the reconstruction error; it depends only on the encoder's mean and variance",
      "the two models' steps are chained into one loop, as if a VAE step followed a GAN step",
      "the GAN's generator update is missing (only the discriminator is trained), and no real data enters",
    ],
    mermaid: `flowchart TD
  subgraph GANstep["one GAN step"]
    xr["batch of real images"] --> dstep["update D: real → 1, fake → 0"]
    zn["batch of noise z"] --> gz["G(z)"]
    gz --> dstep
    dstep --> gstep["update G: make D call G(z) real"]
  end
  subgraph VAEstep["one VAE step"]
    xb["batch of images"] --> enc["encoder: mean, log-variance"]
    enc --> samp["z = mean + sd × noise"]
    samp --> dec["decoder: pixel logits"]
    dec --> recon["reconstruction −log p(x|z)"]
    enc --> kl["KL to N(0, I)"]
    recon --> loss["loss = reconstruction + KL"]
    kl --> loss
    loss --> upd["one update of encoder and decoder together"]
  end`,
  },
  {
    id: 'gan-architecture',
    where: '001-ext "核心概念与联系"',
    original:
      "data preprocessing → generator and → discriminator; both → adversarial training (the text beside it calls the VAE's encoder a generator and its decoder a discriminator)",
    faults: [
      "the generator takes noise, not the preprocessed data: real data reaches the generator only through the discriminator's gradient",
      'the VAE has no discriminator: its decoder is its generator, and its encoder is an inference network',
    ],
    mermaid: `flowchart LR
  data["training data, preprocessed"] --> real["real images"]
  noise["noise z ~ N(0, I)"] --> G["generator"]
  G --> fake["fake images"]
  real --> D["discriminator"]
  fake --> D
  D --> LD["discriminator loss: update D"]
  D --> LG["generator loss, through D: update G"]
  LG -.-> G`,
  },
  {
    id: 'generative-families',
    where: '002 §2.3',
    original:
      'deep learning → GAN, VAE and "NLP"; GAN → image generation, VAE → image generation, NLP → text generation; ' +
      'both image generations → audio generation',
    faults: [
      'image generation → audio generation: generating images does not lead to generating sound; audio models are their own family',
      'NLP is a field, set beside two model families; the text generators meant are autoregressive language models',
    ],
    mermaid: `flowchart TB
  dgm["deep generative models"] --> gan["GANs"]
  dgm --> vae["VAEs"]
  dgm --> ar["autoregressive models"]
  gan --> img["images"]
  vae --> img
  ar --> txt["text (Transformer language models)"]
  ar --> aud["audio (WaveNet)"]`,
  },
  {
    id: 'gan-loop',
    where: '003 §2.5',
    original:
      'generative model → discriminative model → adversarial training → "generate real data" → discriminative model; ' +
      'discriminative model → evaluate the generator → adversarial training',
    faults: [
      "the generator's output is labelled real data; it is fake data, and the real data never appears",
      'the generator has no input: it maps noise to images',
    ],
    mermaid: `flowchart LR
  noise["noise z"] --> G["generator"]
  G --> fake["generated (fake) data"]
  realdata["real data"] --> D["discriminator"]
  fake --> D
  D --> loss["losses"]
  loss --> uD["update D"]
  loss --> uG["update G"]
  uG -.-> G
  uD -.-> D`,
  },
];

/** Where the rendered SVG of each diagram is kept. */
export const DIAGRAMS_DIRECTORY = path.join(FRAME_RESULTS_DIRECTORY, 'diagrams');
export const RENDER_DIAGRAMS_COMMAND = 'node --import tsx src/cli/render-diagrams.ts';

/** The fingerprint of a diagram's source that its SVG records, so that a stale picture is caught. */
export const diagramHash = (diagram: ConceptDiagram) =>
  createHash('sha256').update(diagram.mermaid).digest('hex').slice(0, 16);
export const diagramFile = (diagram: ConceptDiagram) => path.join(DIAGRAMS_DIRECTORY, `${diagram.id}.svg`);

/** The rendered SVG of a diagram; an error names the command that draws it when it is missing or older than its source. */
export function diagramSvg(diagram: ConceptDiagram): string {
  const file = diagramFile(diagram);
  const svg = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (!svg.includes(`mermaid-source ${diagramHash(diagram)}`)) {
    throw new Error(
      `${file} is missing or was drawn from another version of diagram "${diagram.id}"; ` +
        `draw it again with \`${RENDER_DIAGRAMS_COMMAND}\` (needs Chromium).`,
    );
  }
  return svg;
}

/**
 * The diagram as a notebook output: the SVG, a PNG of it, and one line of text for viewers without images (like every
 * picture of the course's; the Mermaid source is printed beside it in the chapter).
 */
export function diagramBundle(diagram: ConceptDiagram): MimeBundle {
  const svg = diagramSvg(diagram);
  const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: 1.5 }, background: 'white' }).render().asPng();
  const text = `The diagram of ${diagram.where}, corrected (${diagram.mermaid.split('\n').length} lines of Mermaid)`;
  return { 'text/plain': text, 'image/svg+xml': svg, 'image/png': Buffer.from(png).toString('base64') };
}

export function showDiagram(diagram: ConceptDiagram): void {
  showOutput(diagramBundle(diagram), 'showDiagram');
}
