// The source articles' references, corrected (chapter 13). REFERENCES holds each work as it really is; BIBLIOGRAPHY_ERRATA
// lists every faulty citation in the articles (where, what is wrong, in our words) and the reference that replaces it,
// or why none can. Places are cited by article id and section ("001-ext" is the long rewrite in article 001).

export interface Reference {
  authors: string[];
  year: number;
  title: string;
  /** Journal, conference or publisher. */
  venue: string;
  arxiv?: string;
  doi?: string;
  url?: string;
}

export type ErratumKind = 'authors' | 'year' | 'title' | 'identifier' | 'attribution' | 'content' | 'not found';

export interface BibliographyErratum {
  /** Where the articles cite it: article id and section. */
  where: string;
  /** What they write, shortened. */
  asWritten: string;
  kinds: ErratumKind[];
  /** The key in REFERENCES of the work meant, when there is one. */
  correct?: keyof typeof REFERENCES;
  /** What is wrong, and for a work that cannot be found, what we searched and what to read instead. */
  note: string;
}

export const REFERENCES = {
  gan: {
    authors: [
      'Ian J. Goodfellow',
      'Jean Pouget-Abadie',
      'Mehdi Mirza',
      'Bing Xu',
      'David Warde-Farley',
      'Sherjil Ozair',
      'Aaron Courville',
      'Yoshua Bengio',
    ],
    year: 2014,
    title: 'Generative Adversarial Nets',
    venue: 'Advances in Neural Information Processing Systems 27 (NeurIPS 2014)',
    arxiv: '1406.2661',
  },
  vae: {
    authors: ['Diederik P. Kingma', 'Max Welling'],
    year: 2013,
    title: 'Auto-Encoding Variational Bayes',
    venue: 'arXiv preprint; ICLR 2014',
    arxiv: '1312.6114',
  },
  dcgan: {
    authors: ['Alec Radford', 'Luke Metz', 'Soumith Chintala'],
    year: 2015,
    title: 'Unsupervised Representation Learning with Deep Convolutional Generative Adversarial Networks',
    venue: 'arXiv preprint; ICLR 2016',
    arxiv: '1511.06434',
  },
  infogan: {
    authors: ['Xi Chen', 'Yan Duan', 'Rein Houthooft', 'John Schulman', 'Ilya Sutskever', 'Pieter Abbeel'],
    year: 2016,
    title: 'InfoGAN: Interpretable Representation Learning by Information Maximizing Generative Adversarial Nets',
    venue: 'NeurIPS 2016',
    arxiv: '1606.03657',
  },
  stylegan: {
    authors: ['Tero Karras', 'Samuli Laine', 'Timo Aila'],
    year: 2019,
    title: 'A Style-Based Generator Architecture for Generative Adversarial Networks',
    venue: 'CVPR 2019',
    arxiv: '1812.04948',
  },
  progan: {
    authors: ['Tero Karras', 'Timo Aila', 'Samuli Laine', 'Jaakko Lehtinen'],
    year: 2018,
    title: 'Progressive Growing of GANs for Improved Quality, Stability, and Variation',
    venue: 'ICLR 2018',
    arxiv: '1710.10196',
  },
  gpt3: {
    authors: ['Tom B. Brown', 'Benjamin Mann', 'Nick Ryder', 'Melanie Subbiah', 'et al. (31 authors)'],
    year: 2020,
    title: 'Language Models are Few-Shot Learners',
    venue: 'NeurIPS 2020',
    arxiv: '2005.14165',
  },
  showAttendTell: {
    authors: [
      'Kelvin Xu',
      'Jimmy Ba',
      'Ryan Kiros',
      'Kyunghyun Cho',
      'Aaron Courville',
      'Ruslan Salakhutdinov',
      'Richard Zemel',
      'Yoshua Bengio',
    ],
    year: 2015,
    title: 'Show, Attend and Tell: Neural Image Caption Generation with Visual Attention',
    venue: 'ICML 2015',
    arxiv: '1502.03044',
  },
  musenet: {
    authors: ['Christine Payne'],
    year: 2019,
    title: 'MuseNet',
    venue: 'OpenAI blog (no paper was published)',
    url: 'https://openai.com/index/musenet/',
  },
  seqgan: {
    authors: ['Lantao Yu', 'Weinan Zhang', 'Jun Wang', 'Yong Yu'],
    year: 2017,
    title: 'SeqGAN: Sequence Generative Adversarial Nets with Policy Gradient',
    venue: 'AAAI 2017',
    arxiv: '1609.05473',
  },
  rnnDropout: {
    authors: ['Yarin Gal', 'Zoubin Ghahramani'],
    year: 2016,
    title: 'A Theoretically Grounded Application of Dropout in Recurrent Neural Networks',
    venue: 'NeurIPS 2016',
    arxiv: '1512.05287',
  },
  srcnn: {
    authors: ['Chao Dong', 'Chen Change Loy', 'Kaiming He', 'Xiaoou Tang'],
    year: 2016,
    title: 'Image Super-Resolution Using Deep Convolutional Networks',
    venue: 'IEEE Transactions on Pattern Analysis and Machine Intelligence 38(2)',
    arxiv: '1501.00092',
    doi: '10.1109/TPAMI.2015.2439281',
  },
  ganTutorial: {
    authors: ['Ian Goodfellow'],
    year: 2017,
    title: 'NIPS 2016 Tutorial: Generative Adversarial Networks',
    venue: 'arXiv preprint',
    arxiv: '1701.00160',
  },
  vaeIntroduction: {
    authors: ['Diederik P. Kingma', 'Max Welling'],
    year: 2019,
    title: 'An Introduction to Variational Autoencoders',
    venue: 'Foundations and Trends in Machine Learning 12(4)',
    arxiv: '1906.02691',
    doi: '10.1561/2200000056',
  },
  d2l: {
    authors: ['Aston Zhang', 'Zachary C. Lipton', 'Mu Li', 'Alexander J. Smola'],
    year: 2023,
    title: 'Dive into Deep Learning',
    venue: 'Cambridge University Press',
    arxiv: '2106.11342',
    url: 'https://d2l.ai',
  },
  fasterRcnn: {
    authors: ['Shaoqing Ren', 'Kaiming He', 'Ross Girshick', 'Jian Sun'],
    year: 2015,
    title: 'Faster R-CNN: Towards Real-Time Object Detection with Region Proposal Networks',
    venue: 'NeurIPS 2015',
    arxiv: '1506.01497',
  },
  alexnet: {
    authors: ['Alex Krizhevsky', 'Ilya Sutskever', 'Geoffrey E. Hinton'],
    year: 2012,
    title: 'ImageNet Classification with Deep Convolutional Neural Networks',
    venue: 'NeurIPS 2012; reprinted in Communications of the ACM 60(6), 2017',
    doi: '10.1145/3065386',
  },
  convNetsVision: {
    authors: ['Yann LeCun', 'Koray Kavukcuoglu', 'Clément Farabet'],
    year: 2010,
    title: 'Convolutional Networks and Applications in Vision',
    venue: 'IEEE International Symposium on Circuits and Systems (ISCAS 2010)',
    doi: '10.1109/ISCAS.2010.5537907',
  },
  keras3: {
    authors: ['François Chollet', 'et al.'],
    year: 2023,
    title: 'Keras 3: multi-backend Keras (JAX, TensorFlow, PyTorch)',
    venue: 'keras.io',
    url: 'https://keras.io/keras_3/',
  },
  taocp: {
    authors: ['Donald Ervin Knuth'],
    year: 1968,
    title: 'The Art of Computer Programming',
    venue: 'Addison-Wesley (volumes 1–4B, 1968–2022)',
    url: 'https://www-cs-faculty.stanford.edu/~knuth/taocp.html',
  },
} satisfies Record<string, Reference>;

const NOT_FOUND = 'We could not find a book or paper of this title by this author; treat the citation as unverifiable.';

export const BIBLIOGRAPHY_ERRATA: BibliographyErratum[] = [
  {
    where: '000 §7.3',
    asWritten: 'InfoGAN, "Xerxes Brody et al., 2017"',
    kinds: ['authors', 'year'],
    correct: 'infogan',
    note: 'InfoGAN is by Chen, Duan, Houthooft, Schulman, Sutskever and Abbeel, NeurIPS 2016; no author of that name.',
  },
  {
    where: '000 §7.3',
    asWritten:
      '"StyleGAN: Effective Variation of Realistic Image Generation" (Karras et al. 2019), said to generate step by step',
    kinds: ['title', 'content'],
    correct: 'stylegan',
    note: 'The title is invented; StyleGAN injects a learned style into each layer (a mapping network and adaptive instance normalisation). Growing the image step by step is the earlier ProGAN (Karras et al. 2018, arXiv:1710.10196).',
  },
  {
    where: '000 §7.1',
    asWritten: 'a GAN book "Theory, Implementation, and Applications" by "Ilg, F. A. et al."',
    kinds: ['not found'],
    correct: 'ganTutorial',
    note: `${NOT_FOUND} Goodfellow's tutorial covers the same ground.`,
  },
  {
    where: '000 §7.1',
    asWritten: 'a VAE book "Theory, Algorithms, and Applications" by "Li, X. et al."',
    kinds: ['not found'],
    correct: 'vaeIntroduction',
    note: `${NOT_FOUND} Kingma and Welling's own introduction is the monograph to read.`,
  },
  {
    where: '000 §7.2, 003 §7.2, 004 §7.2',
    asWritten: 'Keras "built on TensorFlow and Theano"',
    kinds: ['content'],
    correct: 'keras3',
    note: 'Theano stopped being developed in 2017 and Keras dropped it; Keras 2 ran on TensorFlow, and Keras 3 (2023) runs on JAX, TensorFlow or PyTorch.',
  },
  {
    where: '001 §10 ref. [1]',
    asWritten: '"Generative adversarial networks", NeurIPS 27 (2014)',
    kinds: ['title'],
    correct: 'gan',
    note: 'At NeurIPS the paper is titled "Generative Adversarial Nets" ("Networks" is the arXiv title); the copies of the list at the end of 001 write it right.',
  },
  {
    where: '001 §10 ref. [3]',
    asWritten: 'Brown et al. 2020, "A pre-trained language model for natural language understanding", arXiv:2003.04683',
    kinds: ['title', 'identifier'],
    correct: 'gpt3',
    note: 'The GPT-3 paper is "Language Models are Few-Shot Learners", arXiv:2005.14165; the number 2003.04683 does not belong to it.',
  },
  {
    where: '001 §10 ref. [5]',
    asWritten: '"Show, attend and tell" by Oriol Vinyals et al. (ICML 2015)',
    kinds: ['authors'],
    correct: 'showAttendTell',
    note: 'Its authors are Xu, Ba, Kiros, Cho, Courville, Salakhutdinov, Zemel and Bengio. Vinyals wrote the earlier "Show and Tell" (CVPR 2015).',
  },
  {
    where: '001 §10 ref. [6]; 001 §6.3; 001-ext "音频生成"',
    asWritten: 'MuseNet as a 2017 arXiv paper by "Tacchinardi, R.", arXiv:1712.03144; "Google\'s MuseNet"',
    kinds: ['authors', 'year', 'identifier', 'attribution'],
    correct: 'musenet',
    note: "MuseNet is OpenAI's, announced in a 2019 blog post by Christine Payne; there is no MuseNet paper, and the arXiv number given does not belong to it.",
  },
  {
    where: '001-ext §7.3',
    asWritten: 'SeqGAN by "Li et al."',
    kinds: ['authors'],
    correct: 'seqgan',
    note: 'SeqGAN is by Yu, Zhang, Wang and Yu (AAAI 2017).',
  },
  {
    where: '001-ext §7.3',
    asWritten: 'a dropout paper "…in Improving Generalization in Neural Networks" by "Molchanov", filed under VAEs',
    kinds: ['authors', 'title', 'content'],
    correct: 'rnnDropout',
    note: "The paper meant is Gal and Ghahramani's on dropout in recurrent networks (NeurIPS 2016); it is not about VAEs.",
  },
  {
    where: '001-ext §7.3',
    asWritten: '"Image Super-Resolution using Deep Convolutional Networks" by "Rudovic"',
    kinds: ['authors'],
    correct: 'srcnn',
    note: 'SRCNN is by Dong, Loy, He and Tang (ECCV 2014; journal version TPAMI 2016).',
  },
  {
    where: '001, after the references (writing template)',
    asWritten: '"Donald Ershov Knuth", "Zen and the Art of Computer Programming"',
    kinds: ['authors', 'title'],
    correct: 'taocp',
    note: 'Knuth\'s middle name is Ervin and his series is "The Art of Computer Programming"; "Zen and the Art of…" is another book\'s title pattern.',
  },
  {
    where: '002 §7.3 no. 1',
    asWritten: '"Generative Adversarial Networks", Goodfellow et al. 2014',
    kinds: ['title'],
    correct: 'gan',
    note: 'The NeurIPS title is "Generative Adversarial Nets".',
  },
  {
    where: '002 §7.3 no. 2',
    asWritten: 'DCGAN by "Alec Radford, Lukasz velit and Ian Goodfellow" (2015)',
    kinds: ['authors'],
    correct: 'dcgan',
    note: 'DCGAN is by Radford, Metz and Chintala; Goodfellow is not an author.',
  },
  {
    where: '002 §7.3 no. 3; 003 §7.1',
    asWritten: '"Variational Autoencoders", Kingma and Welling (2013; 2014 in 003)',
    kinds: ['title'],
    correct: 'vae',
    note: 'The paper is "Auto-Encoding Variational Bayes" (arXiv 2013, ICLR 2014).',
  },
  {
    where: '002 §7.3 no. 4',
    asWritten: '"Cooder: Real-Time Cooperative Multi-Agent Text Generation" (Mah, Kwon, Goodfellow, 2021)',
    kinds: ['not found'],
    note: `${NOT_FOUND} It appears to be invented.`,
  },
  {
    where: '002 §7.1',
    asWritten: 'a GAN book "Theory and Applications" by "Wei Yang"',
    kinds: ['not found'],
    correct: 'ganTutorial',
    note: NOT_FOUND,
  },
  {
    where: '003 §7.1',
    asWritten: 'a book "Generative Adversarial Networks" by Ian Goodfellow',
    kinds: ['title', 'content'],
    correct: 'ganTutorial',
    note: 'Goodfellow wrote no GAN book; his long account is the NIPS 2016 tutorial (and the GAN chapter of "Deep Learning", 2016).',
  },
  {
    where: '003 §7.1',
    asWritten: 'a book "Variational Autoencoders" by "Akihiro Murata"',
    kinds: ['not found'],
    correct: 'vaeIntroduction',
    note: NOT_FOUND,
  },
  {
    where: '003 §10',
    asWritten: 'InfoGAN by "Wojciech Zaremba, Ian Goodfellow et al., 2017", title cut after "Maximizing"',
    kinds: ['authors', 'year', 'title'],
    correct: 'infogan',
    note: 'InfoGAN is by Chen et al., NeurIPS 2016; neither Zaremba nor Goodfellow is an author.',
  },
  {
    where: '003 §10',
    asWritten: '"Deep Learning Advanced Topics" by the Dive into Deep Learning team',
    kinds: ['title'],
    correct: 'd2l',
    note: 'The team\'s book is "Dive into Deep Learning" (free at d2l.ai); it has GAN chapters but no VAE chapter.',
  },
  {
    where: '003 §10',
    asWritten: 'a book "GAN: Theory and Practice" by 徐宗本 (Xu Zongben)',
    kinds: ['not found'],
    correct: 'ganTutorial',
    note: NOT_FOUND,
  },
  {
    where: '004 §7.1, §7.3 and extended reading',
    asWritten: 'DCGAN (2014) by Goodfellow, Pouget-Abadie, "Simard, Pires, Oord, Clune"',
    kinds: ['authors', 'year'],
    correct: 'dcgan',
    note: 'DCGAN is by Radford, Metz and Chintala, 2015.',
  },
  {
    where: '004 §7.3',
    asWritten: '"Generative Adversarial Networks" (2014) by Goodfellow, Pouget-Abadie, "Simard, Pires, Clune"',
    kinds: ['authors', 'title'],
    correct: 'gan',
    note: 'The authors are Goodfellow, Pouget-Abadie, Mirza, Xu, Warde-Farley, Ozair, Courville and Bengio.',
  },
  {
    where: '004 §7.1',
    asWritten: '"Better Text Representations by Matching Language Models" (Sutskever, Amodei, 2020)',
    kinds: ['not found'],
    note: `${NOT_FOUND} It appears to be invented.`,
  },
  {
    where: '004 §7.1 and extended reading',
    asWritten: 'a GAN book "Theory and Applications" by "Xingjia Pan"',
    kinds: ['not found'],
    correct: 'ganTutorial',
    note: NOT_FOUND,
  },
  {
    where: '004 §7.3',
    asWritten:
      '"Object Detection with Industrial Strength Trained Networks" (Ren et al. 2017), said to introduce Faster R-CNN',
    kinds: ['title', 'year'],
    correct: 'fasterRcnn',
    note: 'Faster R-CNN is "Towards Real-Time Object Detection with Region Proposal Networks", NeurIPS 2015.',
  },
  {
    where: '004 §7.3',
    asWritten: '"Convolutional Networks and Applications in Visual Recognition" (Krizhevsky et al. 2012)',
    kinds: ['title', 'authors'],
    correct: 'alexnet',
    note: 'Krizhevsky et al. 2012 is "ImageNet Classification with Deep Convolutional Neural Networks". The title written resembles LeCun, Kavukcuoglu and Farabet\'s "Convolutional Networks and Applications in Vision" (ISCAS 2010).',
  },
  {
    where: '004 §7.3',
    asWritten: '"GPT-3: Language Models are Few-Shot Learners", summarised as strong at zero-shot learning',
    kinds: ['title', 'content'],
    correct: 'gpt3',
    note: 'The title has no "GPT-3:" prefix, and the paper\'s point is few-shot learning from examples in the prompt; its zero-shot results are the weakest.',
  },
  {
    where: '004 §7.3',
    asWritten:
      '"The Anomaly Module: An Unsupervised Layer for Anomaly Detection and Explanation" (Ardalan et al. 2020)',
    kinds: ['not found'],
    note: `${NOT_FOUND} It appears to be invented.`,
  },
];
