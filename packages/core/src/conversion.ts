// The canonical conversion: one validated object that the tag, CAPI and PostHog projections all read.

import { definedOnly } from './defined-only.js';
import { invalidInput, invalidValue } from './errors/validation-error.js';
import { businessIdToString, deriveEventId, randomEventId, validateEventId } from './event-id.js';
import { normalizeCurrency, toDecimalString } from './money.js';
import { type ResolvedEventName, resolveEventName } from './taxonomy.js';
import { toUnixSeconds } from './time.js';
import type { UserIdentifiers } from './user-data/hash-user-data.js';

/** The Conversions API's `action_source`: the channel where the conversion happened. */
export type ActionSource = 'web' | 'app_android' | 'app_ios' | 'offline';

const ACTION_SOURCES: readonly string[] = ['web', 'app_android', 'app_ios', 'offline'];

/** A product in a conversion, as the shop has it. */
export interface LineItemInput {
  /** The catalog's item id, the same one as in the product feed; used by every projection. */
  id: string | number;
  name?: string;
  category?: string;
  brand?: string;
  variantId?: string | number;
  variant?: string;
  /** Unit price, a number or a plain decimal string. */
  price?: number | string;
  /** Number of units, a positive integer. @default 1 */
  quantity?: number;
}

/** A validated product: ids are strings, the price is a decimal string. */
export interface LineItem {
  /** The catalog's item id. */
  id: string;
  name?: string;
  category?: string;
  brand?: string;
  variantId?: string;
  variant?: string;
  /** Unit price as a decimal string. */
  price?: string;
  quantity: number;
}

/** A conversion as the shop describes it, before {@link buildConversion} validates it. */
export interface ConversionInput {
  /** Event name in any common spelling: `'checkout'`, `'Checkout'`, `'Order Completed'`, `'purchase'`, … */
  eventName: string;
  /** Event id handed over from the other side; takes precedence over a derived one. */
  eventId?: string;
  /** Order id; also the business id from which the event id is derived. */
  orderId?: string | number;
  /** Lead id; the business id for lead events when there is no order id. */
  leadId?: string | number;
  /** When it happened. @default now */
  eventTime?: Date | string | number;
  /** @default 'web' */
  actionSource?: ActionSource;
  /** URL of the page where it happened. */
  eventSourceUrl?: string;
  /** Total value, a number or a plain decimal string. */
  value?: number | string;
  /** ISO 4217 code of `value`. */
  currency?: string;
  items?: LineItemInput[];
  searchString?: string;
  leadType?: string;
  /** The shopper's identifiers, raw or hashed; only the CAPI projection uses them, after hashing. */
  user?: UserIdentifiers;
  /** Pinterest click id (`epik`), sent unhashed. */
  clickId?: string;
  /** The shopper's IP address, sent unhashed. */
  clientIpAddress?: string;
  /** The shopper's browser user agent, sent unhashed. */
  clientUserAgent?: string;
  /** The shopper opted out of targeted advertising. */
  optOut?: boolean;
  /** Extra properties for PostHog only; Pinterest never receives them. */
  properties?: Record<string, unknown>;
}

/** Options of {@link buildConversion}. */
export interface ConversionOptions {
  /**
   * Currency for a conversion whose `value` or item prices come without one; a conversion without
   * amounts gets no currency from it. @default undefined (a value without currency is an error)
   */
  defaultCurrency?: string;
  /** Reject an unknown event name instead of sending it as `custom`. @default false */
  strict?: boolean;
  /** Clock in milliseconds since the epoch, used when `eventTime` is missing. @default Date.now */
  now?: () => number;
}

/** {@link ConversionOptions} with every default applied. */
export type ResolvedConversionOptions = Required<Omit<ConversionOptions, 'defaultCurrency'>> &
  Pick<ConversionOptions, 'defaultCurrency'>;

const CONVERSION_DEFAULTS = {
  strict: false,
  now: () => Date.now(),
} satisfies Omit<ResolvedConversionOptions, 'defaultCurrency'>;

/** The canonical conversion: validated, with its event id decided and ready to project. */
export interface Conversion {
  eventName: ResolvedEventName;
  eventId: string;
  /** Integer Unix seconds. */
  eventTime: number;
  actionSource: ActionSource;
  eventSourceUrl?: string;
  /** Decimal string. */
  value?: string;
  /** Upper-case ISO 4217 code. */
  currency?: string;
  orderId?: string;
  items: LineItem[];
  searchString?: string;
  leadType?: string;
  user?: UserIdentifiers;
  clickId?: string;
  clientIpAddress?: string;
  clientUserAgent?: string;
  optOut?: boolean;
  properties: Record<string, unknown>;
}

/**
 * Validates a conversion input and turns it into the canonical {@link Conversion}.
 *
 * The event id is `input.eventId` (validated) when given. Without it, the event id is derived from the
 * event name and `orderId` (or `leadId`), so browser and server agree. Without a business id, it is a
 * random UUID.
 *
 * @throws {ValidationError} naming the input field, for example for an ambiguous value, an unknown
 *   currency, a value without currency and no `defaultCurrency`, or an invalid event id.
 * @example
 * const conversion = await buildConversion({
 *   eventName: 'Order Completed',
 *   orderId: 1001,
 *   value: 116,
 *   currency: 'usd',
 *   items: [{ id: 'SKU-11', name: 'Pillows', price: 48, quantity: 1 }],
 *   user: { email: 'jane@example.com' },
 * });
 * conversion.eventName.apiName; // 'checkout'
 */
export async function buildConversion(
  input: ConversionInput,
  options?: ConversionOptions,
): Promise<Conversion> {
  const strict = options?.strict ?? CONVERSION_DEFAULTS.strict;
  const now = options?.now ?? CONVERSION_DEFAULTS.now;
  if (typeof input !== 'object' || input === null) {
    throw invalidValue('input', input, 'an object with at least `eventName`');
  }

  const eventName = resolveEventName(input.eventName, { strict });
  const eventTime = input.eventTime === undefined ? Math.floor(now() / 1000) : toUnixSeconds(input.eventTime);
  const actionSource = readActionSource(input.actionSource);

  const value = input.value === undefined ? undefined : toDecimalString(input.value, 'value');
  const items = readItems(input.items);
  // The default applies only to amounts: a page visit or search without them carries no currency.
  const priced = value !== undefined || items.some((item) => item.price !== undefined);
  const currencyInput = input.currency ?? (priced ? options?.defaultCurrency : undefined);
  const currency = currencyInput === undefined ? undefined : normalizeCurrency(currencyInput);
  if (value !== undefined && currency === undefined) {
    throw invalidInput(
      'currency',
      `missing for \`value\` ${value}. Pass \`currency\`, or set the \`defaultCurrency\` option.`,
      'value_without_currency',
    );
  }

  const orderId = readId(input.orderId, 'orderId');
  const leadId = readId(input.leadId, 'leadId');
  const businessId = orderId ?? leadId;
  const eventId =
    input.eventId !== undefined
      ? validateEventId(input.eventId)
      : businessId !== undefined
        ? await deriveEventId(input.eventName, businessId)
        : randomEventId();

  // definedOnly leaves out every optional key without a value.
  return definedOnly<Conversion>({
    eventName,
    eventId,
    eventTime,
    actionSource,
    eventSourceUrl: input.eventSourceUrl === undefined ? undefined : readUrl(input.eventSourceUrl),
    value,
    currency,
    orderId,
    items,
    searchString: readText(input.searchString, 'searchString'),
    leadType: readText(input.leadType, 'leadType'),
    user: input.user === undefined ? undefined : { ...input.user },
    clickId: readText(trimmed(input.clickId), 'clickId'),
    clientIpAddress: readText(trimmed(input.clientIpAddress), 'clientIpAddress'),
    clientUserAgent: readText(trimmed(input.clientUserAgent), 'clientUserAgent'),
    optOut: input.optOut === undefined ? undefined : readBoolean(input.optOut, 'optOut'),
    properties: { ...readProperties(input.properties) },
  });
}

function readActionSource(actionSource: unknown): ActionSource {
  if (actionSource === undefined) return 'web';
  if (typeof actionSource === 'string' && ACTION_SOURCES.includes(actionSource))
    return actionSource as ActionSource;
  throw invalidValue(
    'actionSource',
    actionSource,
    `one of ${ACTION_SOURCES.join(', ')}`,
    'action_source_invalid',
  );
}

function readItems(items: unknown): LineItem[] {
  if (items === undefined) return [];
  if (!Array.isArray(items)) throw invalidValue('items', items, 'an array of line items');
  return items.map(readLineItem);
}

function readProperties(properties: unknown): Record<string, unknown> {
  if (properties === undefined) return {};
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw invalidValue('properties', properties, 'a plain object');
  }
  return properties as Record<string, unknown>;
}

function readLineItem(item: LineItemInput, index: number): LineItem {
  const field = `items[${index}]`;
  if (typeof item !== 'object' || item === null) throw invalidValue(field, item, 'an object with an `id`');

  const quantity = item.quantity ?? 1;
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw invalidValue(
      `${field}.quantity`,
      quantity,
      'a whole number of units, 1 or more',
      'invalid_quantity',
    );
  }

  return definedOnly<LineItem>({
    id: businessIdToString(item.id, `${field}.id`),
    name: readText(item.name, `${field}.name`),
    category: readText(item.category, `${field}.category`),
    brand: readText(item.brand, `${field}.brand`),
    variantId: readId(item.variantId, `${field}.variantId`),
    variant: readText(item.variant, `${field}.variant`),
    price: item.price === undefined ? undefined : toDecimalString(item.price, `${field}.price`),
    quantity,
  });
}

// Business ids (order, lead, variant) are optional; a given one must be valid.
function readId(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : businessIdToString(value, field);
}

// The URL is left out of the message, because query strings can contain personal data.
function readUrl(url: unknown): string {
  if (typeof url === 'string' && /^https?:\/\/\S+$/i.test(url)) return url;
  throw invalidInput(
    'eventSourceUrl',
    'expected an absolute http or https URL, such as location.href.',
    'invalid_url',
  );
}

function readBoolean(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  throw invalidValue(field, value, 'true or false');
}

// Returns a non-empty string, or undefined for a missing or empty one; anything that is not a string
// is a caller mistake worth reporting.
function readText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidValue(field, value, 'a string');
  return value;
}

function trimmed(value: unknown): unknown {
  return typeof value === 'string' ? value.trim() : value;
}
