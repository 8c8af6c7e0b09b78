#!/usr/bin/env node
// `node dist/cli/stabilising.js [--out=FILE]`, the command line that chapter 08's saved H12 results (and the notebook
// quoting them) name: kept so that it still runs, as `genlab stabilising` (src/cli/stabilising-runs.ts).
process.argv.splice(2, 0, 'stabilising');
void import('./main');
