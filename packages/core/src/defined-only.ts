// Drops undefined properties, so projections write only the keys that have a value.

/** Returns a shallow copy of `object` without the properties whose value is `undefined`. */
export function definedOnly<T extends object>(object: T): T {
  const copy = {} as T;
  for (const key in object) if (object[key] !== undefined) copy[key] = object[key];
  return copy;
}
