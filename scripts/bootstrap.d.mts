// Types of bootstrap.mjs, for the TypeScript tests that import it.

/** Absolute path of the repository root, with a trailing slash. */
export declare const rootDir: string;
/** Returns the command that runs the pinned pnpm: `['pnpm']` or `['npx', '--yes', 'pnpm@<version>']`. */
export declare function pnpmCommand(): string[];
/** Runs the pinned pnpm with `args` in the repository root and exits with its code when it fails. */
export declare function runPnpm(args: string[]): void;
/** Tells whether `root`'s node_modules lacks what its lockfile lists (default: the repository root). */
export declare function needsInstall(root?: string): boolean;
/** Installs the workspace's dependencies unless node_modules already matches the lockfile. */
export declare function ensureInstalled(): void;
