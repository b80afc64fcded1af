// Warning for `send-test --event-name` with a name core does not know, which is then sent as `custom`.

import { API_EVENT_NAMES, type ResolvedEventName } from '@pinpair/core';

/** Maximum number of single-character edits between a typed name and the known name it suggests. */
const MAX_SUGGESTION_EDITS = 2;

/** Event names `--event-name` accepts as they are, except `custom`, which needs no suggestion. */
const KNOWN_EVENT_NAMES = API_EVENT_NAMES.filter((name) => name !== 'custom');

/**
 * Builds a warning for an event name that resolved to `custom`, listing the known names and
 * suggesting the closest one when it is at most two edits away. Returns undefined for a known name
 * in any spelling core accepts, and for `custom` itself.
 */
export function describeUnknownEventName(eventName: ResolvedEventName): string | undefined {
  if (!eventName.custom) return undefined;

  const quotedName = JSON.stringify(eventName.originalName);
  const closest = findClosestEventName(eventName.originalName);
  const suggestion = closest === undefined ? '' : ` Did you mean --event-name ${closest}?`;
  return (
    `Warning: ${quotedName} is not a known event name, so it is sent as "custom".${suggestion} ` +
    `Known names: ${KNOWN_EVENT_NAMES.join(', ')}. Pass --event-name custom to send a custom event without this warning.`
  );
}

function findClosestEventName(name: string): string | undefined {
  const typed = compactName(name);
  let closest: string | undefined;
  let closestEdits = Number.POSITIVE_INFINITY;
  for (const known of KNOWN_EVENT_NAMES) {
    const candidate = compactName(known);
    const edits = countEdits(typed, candidate);
    // A short name would be "close" to unrelated short words, so the limit shrinks with its length.
    const limit = Math.min(MAX_SUGGESTION_EDITS, Math.floor(candidate.length / 3));
    if (edits <= limit && edits < closestEdits) {
      closest = known;
      closestEdits = edits;
    }
  }
  return closest;
}

/** Lowercases and drops spaces, underscores and dashes, as core does when it matches event names. */
function compactName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/** Levenshtein distance: the number of single-character insertions, deletions and substitutions. */
function countEdits(from: string, to: string): number {
  let previous = Array.from({ length: to.length + 1 }, (_, index) => index);
  for (let row = 1; row <= from.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= to.length; column += 1) {
      const substitution = (previous[column - 1] ?? 0) + (from[row - 1] === to[column - 1] ? 0 : 1);
      const deletion = (previous[column] ?? 0) + 1;
      const insertion = (current[column - 1] ?? 0) + 1;
      current.push(Math.min(substitution, deletion, insertion));
    }
    previous = current;
  }
  return previous[to.length] ?? 0;
}
