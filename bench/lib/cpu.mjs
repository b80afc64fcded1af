// CPU time of a timed section, to tell which process limits a throughput figure.

/**
 * Returns the share of one core that `usage` (a `process.cpuUsage()` delta, in microseconds) took
 * over `elapsedMs` of wall time: 1 means one core was busy the whole time.
 *
 * @param {NodeJS.CpuUsage} start
 * @param {NodeJS.CpuUsage} end
 * @param {number} elapsedMs
 * @returns {number}
 */
export function coreShare(start, end, elapsedMs) {
  const busyMicroseconds = end.user - start.user + (end.system - start.system);
  return busyMicroseconds / 1000 / elapsedMs;
}

/**
 * Returns the CPU microseconds per event between two `process.cpuUsage()` readings.
 *
 * @param {NodeJS.CpuUsage} start
 * @param {NodeJS.CpuUsage} end
 * @param {number} events
 * @returns {number}
 */
export function cpuMicrosecondsPerEvent(start, end, events) {
  return (end.user - start.user + (end.system - start.system)) / events;
}
