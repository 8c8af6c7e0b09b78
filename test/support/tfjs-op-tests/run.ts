// Runs the bundle of tfjs's op tests under Jasmine (as tfjs runs them in Node) and prints one JSON line per
// failed case, then one with the counts, each after a marker.
//   node --import tsx test/support/tfjs-op-tests/run.ts BUNDLE
import * as path from 'node:path';
const Jasmine = require('jasmine');

/** Starts our lines: some tests print JSON of their own. */
const MARK = 'genlab-op-tests ';

interface SpecResult {
  fullName: string;
  status: string;
  failedExpectations: { message: string }[];
}

async function main() {
  const bundle = process.argv[2];
  const runner = new Jasmine({ projectBaseDir: path.dirname(bundle) });
  runner.exitOnCompletion = false;
  runner.loadConfig({ spec_files: [path.basename(bundle)], random: false });
  runner.clearReporters();
  const counts = { passed: 0, notPassed: 0, excluded: 0 };
  runner.addReporter({
    specDone(result: SpecResult) {
      if (result.status === 'passed') counts.passed++;
      else if (result.status === 'excluded') counts.excluded++;
      else {
        counts.notPassed++;
        console.log(
          MARK +
            JSON.stringify({
              failed: result.fullName,
              messages: result.failedExpectations.map((e) => e.message.split('\n')[0]),
            }),
        );
      }
    },
  });
  const overall = await runner.execute();
  console.log(MARK + JSON.stringify({ ...counts, overall: overall.overallStatus }));
}

main();
