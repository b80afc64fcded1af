// Helpers for the shop's option objects.

/** Drops keys whose value is undefined, so they do not override defaults when spread. */
export function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
