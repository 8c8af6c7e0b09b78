import { selectBackend } from './src/backend';
import { loadMnist } from './src/data';
import { loadClassifier } from './src/training';
import { prepareScoringReference, scoreControls } from './src/comparison';
(async () => {
  await selectBackend();
  const mnist = await loadMnist();
  const evaluator = loadClassifier(process.argv[2]);
  const reference = prepareScoringReference(evaluator, mnist, 1000);
  const c = scoreControls(mnist, evaluator, reference);
  for (const [name, s] of Object.entries(c)) {
    const { classShares, ...rest } = s;
    console.log(name, JSON.stringify(Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, Number((v as number).toPrecision(3))]))));
  }
})();
