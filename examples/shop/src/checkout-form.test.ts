import { describe, expect, it } from 'vitest';
import { parseCheckoutForm, toInternationalPhone } from './checkout-form.js';

const valid = {
  email: ' Ada@Example.com ',
  phone: '(415) 555-0100',
  first_name: 'Ada',
  last_name: 'Lovelace',
  city: 'San Francisco',
  state: 'CA',
  zip: '94103',
  country: 'us',
  payment_outcome: 'approve',
};

describe('parseCheckoutForm', () => {
  it('reads a complete form into a customer', () => {
    const result = parseCheckoutForm(valid);
    expect(result).toMatchObject({
      ok: true,
      outcome: 'approve',
      customer: { email: 'Ada@Example.com', phone: '(415) 555-0100', firstName: 'Ada', country: 'US' },
    });
  });

  it('names every invalid field without echoing values', () => {
    const result = parseCheckoutForm({
      ...valid,
      email: 'not-an-email',
      phone: '12',
      city: ' ',
      country: 'XX',
      payment_outcome: 'steal',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual([
      'city',
      'country',
      'email',
      'payment_outcome',
      'phone',
    ]);
    expect(JSON.stringify(result.errors)).not.toContain('not-an-email');
  });

  it('ignores fields that are not strings', () => {
    const result = parseCheckoutForm({ ...valid, first_name: ['Ada', 'Eve'] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.first_name).toBe('Enter your first name.');
  });
});

describe('toInternationalPhone', () => {
  it.each([
    ['(415) 555-0100', 'US', '+14155550100'],
    ['1 415 555 0100', 'US', '+14155550100'],
    ['+44 7700 900123', 'US', '+447700900123'],
    ['0044 7700 900123', 'US', '+447700900123'],
    ['07700 900123', 'GB', '+447700900123'],
    ['030 901820', 'DE', '+4930901820'],
  ])('writes %s in %s as %s', (phone, country, expected) => {
    expect(toInternationalPhone(phone, country)).toBe(expected);
  });
});
