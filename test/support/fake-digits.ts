// Stand-in digits for tests that need images of MNIST's shape but not MNIST: fixed noise, labels 0..9 in turn.
import { LabelledImages } from '../../src/data';

/** `count` pseudo-random 28×28 "digits" with labels 0, 1, …, 9, 0, …: the same bytes on every call. */
export function fakeDigits(count: number): LabelledImages {
  const images = Uint8Array.from({ length: count * 784 }, (_, i) => ((i * 2654435761) >>> 24) & 0xff);
  return { images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count, height: 28, width: 28 };
}
