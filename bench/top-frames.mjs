// Prints the functions with the most self time in a `--cpu-prof` profile, optionally in timed sections only.
//
// Usage: node bench/top-frames.mjs FILE.cpuprofile [--label LABEL] [--count N]

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { label: { type: 'string' }, count: { type: 'string', default: '15' } },
  allowPositionals: true,
});
const file = positionals[0];
if (file === undefined) {
  console.error('Usage: node bench/top-frames.mjs FILE.cpuprofile [--label LABEL] [--count N]');
  process.exit(2);
}

const profile = JSON.parse(await readFile(file, 'utf8'));
const windows = await readWindows(file, values.label);
const rootDir = fileURLToPath(new URL('..', import.meta.url));

// Each sample's time is the profile's start time plus the deltas so far, in microseconds.
/** @type {Map<number, number>} */
const samplesPerNode = new Map();
let time = profile.startTime;
let counted = 0;
profile.samples.forEach((/** @type {number} */ nodeId, /** @type {number} */ index) => {
  time += profile.timeDeltas[index];
  if (windows !== undefined && !windows.some((window) => time >= window.startUs && time <= window.endUs)) {
    return;
  }
  counted++;
  samplesPerNode.set(nodeId, (samplesPerNode.get(nodeId) ?? 0) + 1);
});

// Nodes of the same function (name, file, line) in different call paths add up.
/** @type {Map<string, number>} */
const samplesPerFrame = new Map();
for (const node of profile.nodes) {
  const samples = samplesPerNode.get(node.id) ?? 0;
  if (samples > 0) {
    const key = describeFrame(node.callFrame);
    samplesPerFrame.set(key, (samplesPerFrame.get(key) ?? 0) + samples);
  }
}

const top = [...samplesPerFrame.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(values.count));
const scope = values.label === undefined ? 'the whole process' : `timed sections labelled ${values.label}`;
console.log(`${counted} samples in ${scope}; self time by function:`);
for (const [frame, samples] of top) {
  console.log(`${((samples / counted) * 100).toFixed(1).padStart(5)} %  ${frame}`);
}

/**
 * Returns the windows with `label` from FILE.windows.json, or undefined when no label is given.
 *
 * @param {string} profilePath
 * @param {string | undefined} label
 * @returns {Promise<{ startUs: number, endUs: number }[] | undefined>}
 */
async function readWindows(profilePath, label) {
  if (label === undefined) {
    return undefined;
  }
  const windowsPath = profilePath.replace(/\.cpuprofile$/, '.windows.json');
  if (!existsSync(windowsPath)) {
    console.error(`${windowsPath} is missing; profile with \`pnpm bench -- --cpu-prof\` to write it.`);
    process.exit(2);
  }
  const all = JSON.parse(await readFile(windowsPath, 'utf8'));
  const matching = all.filter((/** @type {{ label: string }} */ window) => window.label === label);
  if (matching.length === 0) {
    const labels = [...new Set(all.map((/** @type {{ label: string }} */ window) => window.label))];
    console.error(`No timed section is labelled ${label}; this profile has: ${labels.join(', ')}.`);
    process.exit(2);
  }
  return matching;
}

/**
 * @param {{ functionName: string, url: string, lineNumber: number }} callFrame
 * @returns {string}
 */
function describeFrame(callFrame) {
  const name = callFrame.functionName || '(anonymous)';
  if (callFrame.url === '') {
    return name;
  }
  const path = callFrame.url.startsWith('file://')
    ? relative(rootDir, fileURLToPath(callFrame.url))
    : callFrame.url;
  return `${name}  ${path}:${callFrame.lineNumber + 1}`;
}
