#!/usr/bin/env node
// `node dist/cli/frame.js ood [--epochs=N] | compression`, the command line that chapter 13's saved results name: kept
// so that it still runs. Its words are those of `genlab ood` and `genlab compression`, so it is the genlab CLI itself.
void import('./main');
