#!/usr/bin/env node
// `node dist/cli/frame.js ood [--epochs=N] | compression`, the command line that chapter 13's saved results name: kept
// so that it still runs, as `genlab ood` and `genlab compression`; any other word is refused, not passed to genlab.
if (process.argv[2] === 'ood' || process.argv[2] === 'compression') {
  void import('./main');
} else {
  console.error(
    `frame.js runs only ood [--epochs=N] or compression (today \`genlab ood\` and \`genlab compression\`), ` +
      `not ${JSON.stringify(process.argv.slice(2).join(' '))}.`,
  );
  process.exitCode = 2;
}
