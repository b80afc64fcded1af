// Parses the flags of `pnpm bench` (`node bench/run.mjs`).

import { parseArgs } from 'node:util';

import { BENCHMARK_NAMES } from '../benchmarks.mjs';

export const USAGE = `Usage: pnpm bench [options]   (or: node bench/run.mjs [options])

Options:
  --quick             shorter runs (fewer iterations, a shorter outage), for development
  --no-build          skip \`pnpm install\` (when node_modules is missing) and \`pnpm run build\`
  --only NAMES        comma-separated subset of: ${BENCHMARK_NAMES.join(', ')}
  --cpu-prof          write a V8 CPU profile of each benchmark process to .pinpair/bench-profiles/
  --markdown          print the table as Markdown (as in docs/benchmarks.md)
  --help              show this help`;

/**
 * @typedef {object} BenchOptions
 * @property {boolean} quick
 * @property {string[]} only benchmark names to run, in the order of BENCHMARK_NAMES
 * @property {boolean} cpuProf
 * @property {boolean} markdown
 * @property {boolean} build whether to install (when needed) and build before measuring
 * @property {boolean} help
 */

/**
 * Parses `argv` (without the node and script paths). Throws a TypeError naming the flag on an
 * unknown flag or benchmark name.
 *
 * @param {string[]} argv
 * @returns {BenchOptions}
 */
export function parseBenchArgs(argv) {
  // `pnpm bench -- --quick` passes the `--` separator on to the script.
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });

  const only = values.only === undefined ? [...BENCHMARK_NAMES] : parseOnly(values.only);

  return {
    quick: values.quick,
    only,
    cpuProf: values['cpu-prof'],
    markdown: values.markdown,
    build: !values['no-build'],
    help: values.help,
  };
}

/**
 * @param {string} list
 * @returns {string[]}
 */
function parseOnly(list) {
  const requested = list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');

  const unknown = requested.filter((name) => !BENCHMARK_NAMES.includes(name));
  if (unknown.length > 0 || requested.length === 0) {
    throw new TypeError(
      `\`--only\` got ${JSON.stringify(list)}: pass a comma-separated list of ${BENCHMARK_NAMES.join(', ')}.`,
    );
  }

  return BENCHMARK_NAMES.filter((name) => requested.includes(name));
}
