// Tests that the package's supported Node.js versions match those of the dependencies that set a range.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

function readEngines(packageJsonPath: string): string | undefined {
  const manifest = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { engines?: { node?: string } };
  return manifest.engines?.node;
}

describe('engines.node', () => {
  it('matches the range posthog-node supports', () => {
    const ownRange = readEngines(new URL('../package.json', import.meta.url).pathname);
    // posthog-node's `exports` leave out package.json, so it is found beside the resolved entry point.
    const entryPoint = require.resolve('posthog-node');
    const packageRoot = entryPoint.slice(0, entryPoint.lastIndexOf(`${sep}dist${sep}`));

    expect(readEngines(join(packageRoot, 'package.json'))).toBeDefined();
    expect(ownRange).toBe(readEngines(join(packageRoot, 'package.json')));
  });
});
