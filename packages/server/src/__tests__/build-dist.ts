// Vitest global setup: builds @pinpair/server (and core, which it references) once, for the tests that run dist/ in a child process.

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Runs `tsc -b` on this package before the server tests start. */
export default function buildServerPackage(): void {
  const packageDir = fileURLToPath(new URL('../../', import.meta.url));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', packageDir], { stdio: 'inherit' });
}
