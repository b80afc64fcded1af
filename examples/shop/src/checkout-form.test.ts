import { describe, expect, it } from 'vitest';
import { CHECKOUT_FIELD_MAX_LENGTHS, parseCheckoutForm, toInternationalPhone } from './checkout-form.js';

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

  it('rejects fields over their maximum length', () => {
    const result = parseCheckoutForm({
      ...valid,
      email: `${'a'.repeat(5000)}@example.com`,
      first_name: 'A'.repeat(5000),
      city: 'S'.repeat(5000),
      zip: '9'.repeat(5000),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      email: 'Shorten your e-mail address to at most 254 characters.',
      first_name: 'Shorten your first name to at most 100 characters.',
      city: 'Shorten your city to at most 100 characters.',
      zip: 'Shorten your ZIP or postal code to at most 20 characters.',
    });
  });

  it('accepts fields at their maximum length', () => {
    const atMax = (name: keyof typeof CHECKOUT_FIELD_MAX_LENGTHS, fill: string) =>
      fill.repeat(CHECKOUT_FIELD_MAX_LENGTHS[name]);
    const result = parseCheckoutForm({
      ...valid,
      email: `${atMax('email', 'a').slice('@example.com'.length)}@example.com`,
      phone: `+${atMax('phone', '1').slice(1)}`,
      first_name: atMax('first_name', 'A'),
      last_name: atMax('last_name', 'L'),
      city: atMax('city', 'S'),
      state: atMax('state', 'C'),
      zip: atMax('zip', '9'),
    });
    expect(result.ok).toBe(true);
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
