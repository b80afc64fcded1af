// Starts the testkit's fake Pinterest in a child process on 127.0.0.1 and controls it over IPC.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const hostScript = fileURLToPath(new URL('./fake-pinterest-host.mjs', import.meta.url));

/** How long the fake may take to start before the benchmark gives up, in milliseconds. */
const START_TIMEOUT_MS = 30_000;

/**
 * @typedef {object} FakePinterestProcess
 * @property {string} url
 * @property {string} apiBaseUrl the `baseUrl` for the server's Pinterest client
 * @property {string} adAccountId
 * @property {string} conversionToken
 * @property {() => Promise<string[]>} processedEventIds event ids the fake processed, in order of arrival
 * @property {() => Promise<{ processed: number, failed: number, requests: number }>} counts
 * @property {() => Promise<void>} reset clears the ledger, the request log and the faults
 * @property {() => Promise<void>} startOutage makes the fake respond to every events request with 503 until `endOutage`
 * @property {() => Promise<void>} endOutage
 * @property {() => Promise<NodeJS.CpuUsage>} cpuUsage CPU time the fake's process has used, in microseconds
 * @property {() => Promise<void>} close stops the fake and its process
 */

/**
 * Forks the fake's host process and resolves once it listens. In its own process, the fake's
 * validation and ledger run on the other core, as Pinterest runs on other machines in production.
 * The fake uses the testkit's defaults: strict keys, hashing and types, as a test suite runs it.
 *
 * @returns {Promise<FakePinterestProcess>}
 */
export async function startFakePinterestProcess() {
  // An empty execArgv keeps a benchmark's `--cpu-prof` from profiling the fake too.
  const child = fork(hostScript, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

  /** @type {Map<number, { resolve: (value: any) => void, reject: (error: Error) => void }>} */
  const pending = new Map();
  let nextId = 1;

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the fake Pinterest did not start within 30 s')),
      START_TIMEOUT_MS,
    );
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`the fake Pinterest exited with code ${code} before it listened`)),
    );
    child.on('message', (/** @type {any} */ message) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
        return;
      }
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) {
        call?.resolve(message.value);
      } else {
        call?.reject(new Error(`fake Pinterest: ${message.error}`));
      }
    });
  });
  const address =
    /** @type {{ url: string, apiBaseUrl: string, adAccountId: string, conversionToken: string }} */ (
      await ready
    );

  /**
   * @param {string} command
   * @param {unknown} [argument]
   */
  function call(command, argument) {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, command, argument });
    });
  }

  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('exit', (code, signal) => {
    for (const call of pending.values()) {
      call.reject(new Error(`the fake Pinterest exited with ${signal ?? `code ${code}`}`));
    }
    pending.clear();
  });

  return {
    url: address.url,
    apiBaseUrl: address.apiBaseUrl,
    adAccountId: address.adAccountId,
    conversionToken: address.conversionToken,
    processedEventIds: () => call('processedEventIds'),
    counts: () => call('counts'),
    reset: () => call('reset'),
    startOutage: () => call('startOutage'),
    endOutage: () => call('endOutage'),
    cpuUsage: () => call('cpuUsage'),
    async close() {
      if (child.connected) {
        child.disconnect();
      }
      await exited;
    },
  };
}
