// Tests for the ISO 4217 table: its layout and the lookup over it.

import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, isCurrencyCode } from './currencies.js';

// The same list written plainly, as Debian's iso-codes 4.15.0 has it with HRK removed and ZWG and XCG
// added, to check the grouped form against.
const PLAIN_LIST =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN ' +
  'BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD ' +
  'FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR ' +
  'KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV ' +
  'MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG ' +
  'SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN ' +
  'UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS ' +
  'XUA XXX YER ZAR ZMW ZWG ZWL';

// Every code of the table in upper case, read group by group as the comment in currencies.ts describes.
const CODES = CURRENCY_CODES.split(' ').flatMap((group) =>
  (group.slice(1).match(/../g) ?? []).map((rest) => `${group[0]}${rest}`.toUpperCase()),
);

describe('CURRENCY_CODES', () => {
  it('consists of letter groups', () => {
    expect(CURRENCY_CODES).toMatch(/^[a-z]([a-z]{2})+( [a-z]([a-z]{2})+)*$/);
  });

  it('lists 182 codes in order, each once', () => {
    expect(CODES).toHaveLength(182);
    expect(CODES).toEqual([...new Set(CODES)].sort());
    expect(CODES.join(' ')).toBe(PLAIN_LIST);
  });

  it('follows the ISO amendments since iso-codes 4.15.0', () => {
    expect(CODES).toContain('ZWG');
    expect(CODES).toContain('XCG');
    expect(CODES).not.toContain('HRK');
  });
});

describe('isCurrencyCode', () => {
  it('agrees with the plain list on every three-letter code', () => {
    const listed = new Set(PLAIN_LIST.split(' '));
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const disagreements: string[] = [];
    for (const first of letters) {
      for (const second of letters) {
        for (const third of letters) {
          const code = first + second + third;
          if (isCurrencyCode(code) !== listed.has(code)) disagreements.push(code);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('finds every code, the first and the last too', () => {
    for (const code of CODES) expect(isCurrencyCode(code), code).toBe(true);
    expect(isCurrencyCode('AED')).toBe(true);
    expect(isCurrencyCode('ZWL')).toBe(true);
  });

  it.each([
    ['letters across two codes of a group', 'ADF'],
    ['letters across two other codes', 'BMB'],
    ['a lowercase code', 'usd'],
    ['a mixed-case code', 'Usd'],
    ['two letters', 'US'],
    ['four letters', 'USDX'],
    ['a group as written in the table', 'jmdodpy'],
    ['an empty string', ''],
  ])('rejects %s', (_label, code) => {
    expect(isCurrencyCode(code)).toBe(false);
  });
});
