// Money in minor units (cents): the shop adds integers and formats once, so totals never drift.

/**
 * Parses a catalog feed price such as `24.00 USD` into cents and an ISO 4217 currency code.
 *
 * @throws {SyntaxError} when the price is not `<amount with up to two decimals> <currency>`.
 */
export function parseFeedPrice(price: string): { cents: number; currency: string } {
  const match = /^(\d+)(?:\.(\d{1,2}))? ([A-Z]{3})$/.exec(price.trim());
  if (!match) {
    throw new SyntaxError(
      `Invalid catalog price "${price}": write it as an amount and a currency, like "24.00 USD".`,
    );
  }

  const [, units = '0', fraction = '', currency = ''] = match;
  return { cents: Number(units) * 100 + Number(fraction.padEnd(2, '0')), currency };
}

/** Formats cents as the decimal string that pinpair and Pinterest expect (`2400` → `"24.00"`). */
export function toDecimal(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** Formats cents for shoppers, such as `$24.00`. */
export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
}
