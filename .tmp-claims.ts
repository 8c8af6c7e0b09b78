import { loadComparisonResults, claimsTable } from './src/comparison';
const runs = loadComparisonResults(process.argv[2]).flatMap((f) => f.runs);
for (const row of claimsTable(runs)) console.log(`${row.id}: ${row.verdict}\n   GAN ${row.gan.slice(0, 300)}\n   VAE ${row.vae.slice(0, 300)}\n   ${row.basis.slice(0, 700)}`);
