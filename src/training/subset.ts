// Fast mode and tests train on the first images of a split: views, no copies.
import { LabelledImages } from '../data';

/** The first `count` images of `set` (all of them when it holds fewer). */
export function firstImages(set: LabelledImages, count: number): LabelledImages {
  const n = Math.min(count, set.count);
  const pixels = set.height * set.width;
  return { ...set, count: n, images: set.images.subarray(0, n * pixels), labels: set.labels.subarray(0, n) };
}
