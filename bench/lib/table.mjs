// Formats benchmark rows as an aligned text table for the terminal or as a Markdown table.

const HEADERS = ['Benchmark', 'Measure', 'Result', 'Target', 'Status'];

/**
 * @typedef {object} TableRow
 * @property {string} benchmark
 * @property {string} measure
 * @property {string} result
 * @property {string} [target]
 * @property {boolean} [met]
 */

/**
 * Formats rows as a plain-text table with aligned columns; the benchmark title is printed only on
 * the first row of each benchmark.
 *
 * @param {TableRow[]} rows
 * @returns {string}
 */
export function formatTextTable(rows) {
  const cells = [HEADERS, ...toCells(rows)];
  const widths = HEADERS.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));

  const lines = cells.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  return lines.join('\n');
}

/**
 * Formats rows as a GitHub-flavoured Markdown table.
 *
 * @param {TableRow[]} rows
 * @returns {string}
 */
export function formatMarkdownTable(rows) {
  const lines = [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`];
  for (const row of toCells(rows)) {
    lines.push(`| ${row.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * @param {TableRow[]} rows
 * @returns {string[][]}
 */
function toCells(rows) {
  return rows.map((row, index) => {
    const firstOfBenchmark = index === 0 || rows[index - 1]?.benchmark !== row.benchmark;
    return [
      firstOfBenchmark ? row.benchmark : '',
      row.measure,
      row.result,
      row.target ?? '',
      formatStatus(row.met),
    ];
  });
}

/**
 * @param {boolean | undefined} met
 * @returns {string}
 */
function formatStatus(met) {
  if (met === undefined) {
    return '';
  }
  return met ? 'met' : 'MISSED';
}
