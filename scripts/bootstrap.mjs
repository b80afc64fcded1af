// Makes a fresh clone runnable with only Node and npm: finds or fetches the pinned pnpm and installs
// the workspace's dependencies when they are missing or older than the lockfile.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const rootDir = fileURLToPath(new URL('..', import.meta.url));

const pinnedPnpm = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).packageManager.split('@')[1];

/**
 * Returns the command that runs the pinned pnpm: the installed `pnpm` when its version matches,
 * otherwise `npx --yes pnpm@<version>`, which fetches it from the npm registry once.
 */
export function pnpmCommand() {
  const installed = spawnSync('pnpm', ['--version'], {
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (installed.status === 0 && installed.stdout.trim() === pinnedPnpm) {
    return ['pnpm'];
  }
  return ['npx', '--yes', `pnpm@${pinnedPnpm}`];
}

/** Runs the pinned pnpm with `args` in the repository root and exits with its code when it fails. */
export function runPnpm(args) {
  const [command, ...prefix] = pnpmCommand();
  const result = spawnSync(command, [...prefix, ...args], { cwd: rootDir, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\`pnpm ${args.join(' ')}\` failed with exit code ${result.status ?? result.signal}.`);
    process.exit(result.status ?? 1);
  }
}

/**
 * Tells whether `root`'s node_modules lacks what its lockfile lists. pnpm keeps a copy of the
 * lockfile it installed from in node_modules/.pnpm/lock.yaml, so a missing or different copy means a
 * fresh clone or a lockfile that changed since the last install.
 *
 * @param {string} root directory with pnpm-lock.yaml
 * @returns {boolean}
 */
export function needsInstall(root = rootDir) {
  const installedLockfile = join(root, 'node_modules', '.pnpm', 'lock.yaml');
  if (!existsSync(installedLockfile)) return true;
  return readFileSync(installedLockfile, 'utf8') !== readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8');
}

/** Installs the workspace's dependencies unless node_modules already matches the lockfile. */
export function ensureInstalled() {
  if (needsInstall()) {
    runPnpm(['install', '--frozen-lockfile']);
  }
}
