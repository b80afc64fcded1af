// Describes the machine a benchmark ran on, so every recorded figure carries its context.

import os from 'node:os';

/**
 * @typedef {object} MachineInfo
 * @property {string} cpuModel the CPU model as the kernel reports it
 * @property {number} cores logical CPUs the process may use (`os.availableParallelism()`)
 * @property {number} totalMemoryMb
 * @property {string} nodeVersion
 * @property {string} platform `${os.platform()} ${os.release()} ${os.arch()}`
 * @property {number[]} loadAverage 1, 5 and 15 minute load averages when the run started
 */

/**
 * Reads the machine description recorded with the results.
 *
 * @returns {MachineInfo}
 */
export function describeMachine() {
  const cpus = os.cpus();

  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
    nodeVersion: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

/**
 * Formats the machine description as one line for the printed table.
 *
 * @param {MachineInfo} machine
 * @returns {string}
 */
export function formatMachine(machine) {
  const load = machine.loadAverage.join(' ');
  return `${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemoryMb} MiB, Node ${machine.nodeVersion}, ${machine.platform}, load average at start ${load}`;
}
