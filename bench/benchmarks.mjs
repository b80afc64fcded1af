// The benchmarks `pnpm bench` runs, in order, each a module exporting `run(context)`.

/**
 * Benchmark names accepted by `--only`, in the order they run and print.
 */
export const BENCHMARK_NAMES = ['size', 'checkout', 'throughput', 'limit', 'outage'];

/**
 * Title shown in the table for each benchmark.
 *
 * @type {Record<string, string>}
 */
export const BENCHMARK_TITLES = {
  size: 'Browser size',
  checkout: 'Checkout overhead',
  throughput: 'Delivery throughput',
  limit: 'Distance to the limit',
  outage: 'Outage',
};

/**
 * Returns the URL of the module that implements benchmark `name`.
 *
 * @param {string} name
 * @returns {URL}
 */
export function benchmarkModuleUrl(name) {
  return new URL(`./suites/${name}.mjs`, import.meta.url);
}
