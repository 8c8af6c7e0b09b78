// Mutation testing of the numerical core (`npm run mutate`; README, "Mutation testing"): StrykerJS changes one
// operator, constant or condition at a time in the files below and runs the tests that execute it; a mutant that no
// test notices is a gap in the tests, or a change that cannot matter (marked in place with a `Stryker disable` comment
// and its reason).
//
// The tap runner runs each test file in its own `node --import tsx` process with Node's TAP reporter, so one test file
// is Stryker's unit of coverage: a mutant reruns only the files that executed it, stopping at the first that fails.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    'src/maths/**/*.ts',
    'src/metrics/**/*.ts',
    'src/losses/**/*.ts',
    'src/training/steps.ts',
    'src/data/batches.ts', // the loops over images in batches that the metrics share
    'src/articles/formulas.ts', // the articles' wrong formulas, computed beside the right ones
    '!src/**/index.ts', // re-exports only
  ],
  testRunner: 'tap',
  tap: {
    // The unit tests of these folders and of the trainers that call them: the score counts what they catch on their
    // own. Left out: the notebook, browser and CLI tests (they run other processes, which Stryker's coverage cannot
    // see), the resume tests of whole training runs (training-models, comparison-run), which check repeatability,
    // not values, and the learning tests, a minute of training each, which would be rerun for every mutant they cover.
    testFiles: [
      'test/maths-*.test.ts',
      'test/metrics-*.test.ts',
      'test/losses*.test.ts',
      'test/steps*.test.ts',
      'test/training-options.test.ts',
      'test/articles-*.test.ts',
      'test/batches.test.ts',
    ],
    nodeArgs: ['--import', 'tsx', '--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'],
  },
  coverageAnalysis: 'perTest',
  // A rerun tests only the mutants whose code or covering test files changed since the last report.
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Two test processes, each with one wasm thread (GENLAB_WASM_THREADS=1 in the npm script), fill a 2-core machine;
  // on a bigger one pass `npm run mutate -- --concurrency N`.
  concurrency: 2,
  // tfjs on a busy machine varies a lot in speed; a mutant that loops forever still ends within a minute or so.
  timeoutMS: 30000,
  dryRunTimeoutMinutes: 60, // the first run of every test file, which on a shared 2-core machine took over 20 min
  thresholds: { high: 95, low: 90, break: null },
  ignorePatterns: [
    'dist',
    'out',
    'runs',
    '.venv',
    '.venv-torch',
    'notebooks',
    'bench',
    'kernel-setup',
    '.jupyter-local',
    '.cache',
    '.scratch',
    'reports',
  ],
  tempDirName: '.stryker-tmp',
};
