// Reads and checks the checkout form: contact, address and the simulated payment outcome.
import type { Customer } from './orders.js';
import { SIMULATED_OUTCOMES, type SimulatedOutcome } from './payments.js';

/** Countries the form offers: ISO 3166-1 alpha-2 code, name and international calling code. */
export const COUNTRIES: ReadonlyArray<readonly [code: string, name: string, callingCode: string]> = [
  ['US', 'United States', '1'],
  ['CA', 'Canada', '1'],
  ['GB', 'United Kingdom', '44'],
  ['IE', 'Ireland', '353'],
  ['DE', 'Germany', '49'],
  ['FR', 'France', '33'],
  ['NL', 'Netherlands', '31'],
  ['AU', 'Australia', '61'],
];

/** The form's fields as posted. */
export interface CheckoutFormValues {
  email: string;
  phone: string;
  first_name: string;
  last_name: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  payment_outcome: string;
}

/** One message per invalid field. */
export type CheckoutFormErrors = Partial<Record<keyof CheckoutFormValues, string>>;

/** The result of reading the form: the customer when every field is valid. */
export type CheckoutFormResult =
  | { ok: true; values: CheckoutFormValues; customer: Customer; outcome: SimulatedOutcome }
  | { ok: false; values: CheckoutFormValues; errors: CheckoutFormErrors };

/** Values for an empty form. */
export const EMPTY_CHECKOUT_FORM: CheckoutFormValues = {
  email: '',
  phone: '',
  first_name: '',
  last_name: '',
  city: '',
  state: '',
  zip: '',
  country: 'US',
  payment_outcome: 'approve',
};

/** The form's text fields. Country and payment outcome are choices from a list. */
export type CheckoutTextField = Exclude<keyof CheckoutFormValues, 'country' | 'payment_outcome'>;

/**
 * Maximum length of each text field in characters (UTF-16 code units, as the `maxlength` attribute
 * counts them). The parser enforces them and the form's inputs carry them as `maxlength`.
 */
export const CHECKOUT_FIELD_MAX_LENGTHS: Readonly<Record<CheckoutTextField, number>> = {
  // RFC 5321 (section 4.5.3.1.3) limits an SMTP path to 256 octets including its angle brackets.
  email: 254,
  // E.164 numbers have at most 15 digits, so 30 leaves room for +, spaces, dashes and brackets.
  phone: 30,
  first_name: 100,
  last_name: 100,
  city: 100,
  state: 100,
  zip: 20,
};

/** Each text field's name in a sentence, for its messages. */
const FIELD_NAMES: Readonly<Record<CheckoutTextField, string>> = {
  email: 'e-mail address',
  phone: 'phone number',
  first_name: 'first name',
  last_name: 'last name',
  city: 'city',
  state: 'state or region',
  zip: 'ZIP or postal code',
};

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads a posted checkout form and trims each field. A missing, malformed or too long field gets a
 * message that names the field and what to type, never the value itself.
 */
export function parseCheckoutForm(body: Record<string, unknown>): CheckoutFormResult {
  const text = (name: keyof CheckoutFormValues) => (typeof body[name] === 'string' ? body[name].trim() : '');
  const values: CheckoutFormValues = {
    email: text('email'),
    phone: text('phone'),
    first_name: text('first_name'),
    last_name: text('last_name'),
    city: text('city'),
    state: text('state'),
    zip: text('zip'),
    country: text('country').toUpperCase(),
    payment_outcome: text('payment_outcome') || 'approve',
  };

  // Length comes first, so the e-mail pattern never runs on a value longer than an address can be.
  const errors: CheckoutFormErrors = findOverlongFields(values);
  if (!errors.email && !EMAIL_PATTERN.test(values.email))
    errors.email = 'Enter an e-mail address such as name@example.com.';
  if (!errors.phone && values.phone.replace(/\D/g, '').length < 7)
    errors.phone = 'Enter a phone number with at least 7 digits.';
  if (values.first_name === '') errors.first_name = 'Enter your first name.';
  if (values.last_name === '') errors.last_name = 'Enter your last name.';
  if (values.city === '') errors.city = 'Enter your city.';
  if (values.state === '') errors.state = 'Enter your state or region.';
  if (values.zip === '') errors.zip = 'Enter your ZIP or postal code.';
  if (!COUNTRIES.some(([code]) => code === values.country))
    errors.country = 'Choose a country from the list.';
  if (!isOutcome(values.payment_outcome)) errors.payment_outcome = 'Choose approve or decline.';

  if (Object.keys(errors).length > 0 || !isOutcome(values.payment_outcome))
    return { ok: false, values, errors };

  return {
    ok: true,
    values,
    outcome: values.payment_outcome,
    customer: {
      email: values.email,
      phone: values.phone,
      firstName: values.first_name,
      lastName: values.last_name,
      city: values.city,
      state: values.state,
      zip: values.zip,
      country: values.country,
    },
  };
}

/** Returns a message for each text field longer than its maximum length. */
function findOverlongFields(values: CheckoutFormValues): CheckoutFormErrors {
  const errors: CheckoutFormErrors = {};
  for (const [name, maxLength] of Object.entries(CHECKOUT_FIELD_MAX_LENGTHS) as [
    CheckoutTextField,
    number,
  ][]) {
    if (values[name].length > maxLength)
      errors[name] = `Shorten your ${FIELD_NAMES[name]} to at most ${maxLength} characters.`;
  }
  return errors;
}

/**
 * Writes a phone number in international form, because Pinterest matches phone numbers with their
 * country code. A number typed without `+` or `00` gets the calling code of the shipping country
 * after its national trunk prefix `0` is dropped, so `07700 900123` in GB becomes `+447700900123`.
 * An 11-digit North American number that starts with 1 already has its code.
 */
export function toInternationalPhone(phone: string, country: string): string {
  const digits = phone.replace(/\D/g, '');
  if (phone.trim().startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;

  const callingCode = COUNTRIES.find(([code]) => code === country)?.[2];
  if (!callingCode) return digits;
  if (callingCode === '1' && digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return `+${callingCode}${digits.replace(/^0/, '')}`;
}

function isOutcome(value: string): value is SimulatedOutcome {
  return (SIMULATED_OUTCOMES as readonly string[]).includes(value);
}
