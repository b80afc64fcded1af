// The repository's commands: `pnpm exec pinpair` and `pnpm exec pinpair-testkit`, linked at the root
// by the first install through committed bin files that run dist/cli.js or tell the user to build first, and
// the install check that `npm run demo` and `npm test` run first.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { needsInstall } from '../scripts/bootstrap.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const COMMANDS = [
  {
    command: 'pinpair',
    packageName: '@pinpair/server',
    packageDir: 'packages/server',
    bin: 'bin/pinpair.js',
  },
  {
    command: 'pinpair-testkit',
    packageName: '@pinpair/testkit',
    packageDir: 'packages/testkit',
    bin: 'bin/pinpair-testkit.js',
  },
];

const directories: string[] = [];

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/**
 * Copies the bin file into an empty package directory, as a clone has it before `pnpm build`, and
 * returns the copy's path. With `cliSource`, dist/cli.js is written with that source.
 */
function packageWithBin(packageDir: string, bin: string, cliSource?: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'pinpair-bin-'));
  directories.push(directory);
  writeFileSync(join(directory, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(join(directory, 'bin'));
  cpSync(join(ROOT, packageDir, bin), join(directory, bin));
  if (cliSource !== undefined) {
    mkdirSync(join(directory, 'dist'));
    writeFileSync(join(directory, 'dist', 'cli.js'), cliSource);
  }
  return join(directory, bin);
}

describe.each(COMMANDS)('$command command', ({ command, packageName, packageDir, bin }) => {
  it('points bin at the committed file', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, packageDir, 'package.json'), 'utf8'));

    expect(manifest.bin).toEqual({ [command]: `./${bin}` });
    expect(manifest.files).toContain('bin');
    expect(readFileSync(join(ROOT, packageDir, bin), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('is linked in the root node_modules/.bin', () => {
    const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const shim = readFileSync(join(ROOT, 'node_modules', '.bin', command), 'utf8');

    expect(rootManifest.devDependencies[packageName]).toBe('workspace:*');
    expect(shim).toContain(`${packageName}/${bin}`);
    expect(realpathSync(join(ROOT, 'node_modules', packageName))).toBe(join(ROOT, packageDir));
  });

  it('runs dist/cli.js with the arguments', () => {
    const file = packageWithBin(packageDir, bin, 'console.log(JSON.stringify(process.argv.slice(2)));\n');

    const result = spawnSync(process.execPath, [file, '--port', '0'], { encoding: 'utf8' });

    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('["--port","0"]\n');
    expect(result.status).toBe(0);
  });

  it('says to build first when dist is missing', () => {
    const file = packageWithBin(packageDir, bin);

    const result = spawnSync(process.execPath, [file, '--help'], { encoding: 'utf8' });

    expect(result.stderr).toContain(`${command}: dist/cli.js is missing`);
    expect(result.stderr).toContain('Run `pnpm build` in the repository root first.');
    expect(result.status).toBe(1);
  });
});

describe('install check of npm run demo and npm test', () => {
  /** Creates a directory with `lockfile` as pnpm-lock.yaml and, when given, `installed` as pnpm's copy. */
  function clone(lockfile: string, installed?: string): string {
    const directory = mkdtempSync(join(tmpdir(), 'pinpair-clone-'));
    directories.push(directory);
    writeFileSync(join(directory, 'pnpm-lock.yaml'), lockfile);
    if (installed !== undefined) {
      mkdirSync(join(directory, 'node_modules', '.pnpm'), { recursive: true });
      writeFileSync(join(directory, 'node_modules', '.pnpm', 'lock.yaml'), installed);
    }
    return directory;
  }

  it('installs in a fresh clone', () => {
    expect(needsInstall(clone("lockfileVersion: '9.0'\n"))).toBe(true);
  });

  it('installs after the lockfile changed', () => {
    expect(needsInstall(clone("lockfileVersion: '9.0'\nnew: 1\n", "lockfileVersion: '9.0'\n"))).toBe(true);
  });

  it('skips when node_modules matches the lockfile', () => {
    expect(needsInstall(clone("lockfileVersion: '9.0'\n", "lockfileVersion: '9.0'\n"))).toBe(false);
  });

  // pnpm's copy is byte-identical to the lockfile after an install; were it not, every run would reinstall.
  it('finds this checkout installed', () => {
    expect(needsInstall()).toBe(false);
  });
});
