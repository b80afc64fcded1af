// The README's in-process example, run as written: a checkout from Chromium and from a server ends
// up as one deduplicated conversion without problems, and PostHog records the order once.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PostHog } from 'posthog-node';
import { describe, expect, it } from 'vitest';
import { launchChromium } from '../chromium.js';
import { startTestkit } from '../testkit.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The bindings the example imports, by the import lines it must have. */
const IMPORTS = {
  "import { createHash } from 'node:crypto';": { createHash },
  "import { startTestkit } from '@pinpair/testkit';": { startTestkit },
  "import { launchChromium } from '@pinpair/testkit/chromium';": { launchChromium },
  "import { PostHog } from 'posthog-node';": { PostHog },
};

/** Returns the README's first TypeScript block. */
function readmeExample(): string {
  const match = /```ts\n([\s\S]*?)```/.exec(README);
  expect(match, 'README has no ts block').not.toBeNull();
  return match?.[1] ?? '';
}

describe('README example', () => {
  it('deduplicates the checkout with no problems', async () => {
    const source = readmeExample();
    const importLines = source.split('\n').filter((line) => line.startsWith('import '));
    expect(importLines.sort()).toEqual(Object.keys(IMPORTS).sort());

    // The body runs as an async function, with the imports passed in and console.log recorded.
    const bindings: Record<string, unknown> = Object.assign({}, ...Object.values(IMPORTS));
    const printed: unknown[] = [];
    const body = source
      .split('\n')
      .filter((line) => !line.startsWith('import '))
      .join('\n');
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...values: unknown[]) => Promise<void>;
    const run = new AsyncFunction(...Object.keys(bindings), 'console', body);

    await run(...Object.values(bindings), { log: (value: unknown) => printed.push(value) });

    expect(printed).toEqual([200, [], 1]);
  });
});
