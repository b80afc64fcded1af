// ISO 4217 currency codes, kept apart from money.ts so that a bundle pays for the table only where it
// validates currencies.

// ISO 4217 list one as shipped in Debian's iso-codes 4.15.0, without HRK (withdrawn on 2023-01-01
// when Croatia adopted the euro) and with ZWG (2024) and XCG (2025) added: 182 codes.
// NOTE: ISO amends the list a few times a year; a code missing here is rejected until it is added.
/**
 * Every active ISO 4217 alphabetic currency code, grouped by first letter: each group is that letter
 * followed by the last two letters of each of its codes, in alphabetical order, so `'jmdodpy'` contains
 * JMD, JOD and JPY. This form and the lowercase letters, which are common in minified JavaScript and
 * so cost gzip fewer bits than capitals, keep the table small in a browser bundle.
 */
export const CURRENCY_CODES =
  'aedfnllmdngoarsudwgzn bambddtgnhdifmdndobovrlsdtnwpynzd caddfhehfhwlflpnyopourcucupvezk ' +
  'djfkkopzd egprntbur fjdkp gbpelhsipmdnftqyd hkdnltguf idrlsnrqdrrsk jmdodpy kesgshrmfpwrwwdydzt ' +
  'lakbpkrrdslyd maddlgakdmkntopruurvrwkxnxvyrzn nadgniookprzd omr pabengkhpkrlnyg qar ronsdubwf ' +
  'sarbdcrdgekgdhplellosrdsptnvcypzl thbjsmtndoprytdwdzs uahgxsdsnyiyuywzs vedesnduv wst ' +
  'xafagaubabbbcbdcdcgdrofpdpfptsutsuaxx yer zarmwwgwl';

/** Tells whether `code` is an active ISO 4217 alphabetic currency code, in upper case. */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;

  const lower = code.toLowerCase();
  const group = CURRENCY_CODES.split(' ').find((letters) => letters[0] === lower[0]) ?? '';
  // Compare at odd offsets only, so that 'ADF' never matches across AED and AFN ('aedfn').
  for (let index = 1; index < group.length; index += 2) {
    if (group.slice(index, index + 2) === lower.slice(1)) return true;
  }
  return false;
}
