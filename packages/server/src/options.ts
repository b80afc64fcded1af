// Helpers shared by the option resolvers of the public factories.

/** Drops keys whose value is undefined, so they do not override defaults when spread. */
export function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Throws a RangeError naming `name` unless `value` is a finite number of at least `minimum`. */
export function assertNumberAtLeast(name: string, value: unknown, minimum: number, unit: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum) {
    throw new RangeError(
      `\`${name}\` must be a number of ${unit} of at least ${minimum}, got ${String(value)}.`,
    );
  }
}
