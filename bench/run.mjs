// Entry point of `pnpm bench`: builds if needed, runs each benchmark alone, prints the table, writes results.

import { ensureInstalled, runPnpm } from '../scripts/bootstrap.mjs';
import { BENCHMARK_TITLES } from './benchmarks.mjs';
import { parseBenchArgs, USAGE } from './lib/cli.mjs';
import { PROFILE_DIR, runIsolated } from './lib/isolate.mjs';
import { describeMachine, formatMachine } from './lib/machine.mjs';
import { RESULTS_PATH, writeResults } from './lib/results-file.mjs';
import { formatMarkdownTable, formatTextTable } from './lib/table.mjs';

let options;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${/** @type {Error} */ (error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

// Benchmarks load the packages' dist/ output, so a fresh clone needs an install and a build first.
if (options.build) {
  ensureInstalled();
  runPnpm(['run', 'build']);
}

const machine = describeMachine();
console.error(`pinpair benchmarks${options.quick ? ' (--quick)' : ''} on ${formatMachine(machine)}`);

// Each benchmark runs alone, one after the other: two at once would share the two cores.
/** @type {Record<string, import('./lib/results-file.mjs').BenchmarkEntry>} */
const entries = {};
/** @type {import('./lib/table.mjs').TableRow[]} */
const tableRows = [];
let failures = 0;

for (const name of options.only) {
  const title = BENCHMARK_TITLES[name] ?? name;
  console.error(`\n${title} (${name})`);
  const startedAt = Date.now();

  try {
    const result = await runIsolated(name, options);
    entries[name] = { title, measuredAt: new Date().toISOString(), quick: options.quick, machine, ...result };
    for (const row of result.rows) {
      tableRows.push({ benchmark: title, ...row });
    }
  } catch (error) {
    failures++;
    const message = /** @type {Error} */ (error).message;
    console.error(`  [${name}] failed: ${message}`);
    entries[name] = {
      title,
      measuredAt: new Date().toISOString(),
      quick: options.quick,
      machine,
      error: message,
    };
    tableRows.push({ benchmark: title, measure: 'failed', result: message.split('\n')[0] ?? '' });
  }

  console.error(`  [${name}] took ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
}

await writeResults(
  entries,
  {
    machine,
    command: ['node bench/run.mjs', ...process.argv.slice(2).filter((arg) => arg !== '--')].join(' '),
  },
  (message) => console.error(`warning: ${message}`),
);

console.log('');
console.log(options.markdown ? formatMarkdownTable(tableRows) : formatTextTable(tableRows));
console.log('');
console.log(
  `Machine: ${formatMachine(machine)}; ${new Date().toISOString()}${options.quick ? '; --quick run' : ''}`,
);
console.log(`Results written to ${RESULTS_PATH}`);
if (options.cpuProf) {
  console.log(`CPU profiles written to ${PROFILE_DIR}`);
}

process.exitCode = failures > 0 ? 1 : 0;
