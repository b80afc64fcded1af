// The canonical conversion: one validated object that the tag, CAPI and PostHog projections all read.

import { ValidationError } from './errors/validation-error.js';
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
  /** Currency for a value given without one. @default undefined (a value without currency is an error) */
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
  const resolved: ResolvedConversionOptions = { ...CONVERSION_DEFAULTS, ...withoutUndefined(options ?? {}) };
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError('Invalid conversion: expected an object with at least `eventName`.', {
      field: 'input',
    });
  }

  const eventName = resolveEventName(input.eventName, { strict: resolved.strict });
  const eventTime =
    input.eventTime === undefined ? Math.floor(resolved.now() / 1000) : toUnixSeconds(input.eventTime);
  const actionSource = readActionSource(input.actionSource);

  const value = input.value === undefined ? undefined : toDecimalString(input.value, 'value');
  const currencyInput = input.currency ?? resolved.defaultCurrency;
  const currency = currencyInput === undefined ? undefined : normalizeCurrency(currencyInput);
  if (value !== undefined && currency === undefined) {
    throw new ValidationError(
      `Invalid conversion: \`value\` ${value} has no \`currency\`. Pass \`currency\`, or set the \`defaultCurrency\` option.`,
      { field: 'currency', code: 'value_without_currency' },
    );
  }

  const orderId = input.orderId === undefined ? undefined : businessIdToString(input.orderId, 'orderId');
  const leadId = input.leadId === undefined ? undefined : businessIdToString(input.leadId, 'leadId');
  const eventId = await decideEventId(input, orderId ?? leadId);

  const conversion: Conversion = {
    eventName,
    eventId,
    eventTime,
    actionSource,
    items: readItems(input.items),
    properties: { ...readProperties(input.properties) },
  };
  if (input.eventSourceUrl !== undefined) conversion.eventSourceUrl = readUrl(input.eventSourceUrl);
  if (value !== undefined) conversion.value = value;
  if (currency !== undefined) conversion.currency = currency;
  if (orderId !== undefined) conversion.orderId = orderId;
  assignText(conversion, 'searchString', input.searchString);
  assignText(conversion, 'leadType', input.leadType);
  if (input.user !== undefined) conversion.user = { ...input.user };
  assignText(conversion, 'clickId', trimmed(input.clickId));
  assignText(conversion, 'clientIpAddress', trimmed(input.clientIpAddress));
  assignText(conversion, 'clientUserAgent', trimmed(input.clientUserAgent));
  if (input.optOut !== undefined) conversion.optOut = readBoolean(input.optOut, 'optOut');
  return conversion;
}

async function decideEventId(input: ConversionInput, businessId: string | undefined): Promise<string> {
  if (input.eventId !== undefined) return validateEventId(input.eventId);
  if (businessId !== undefined) return deriveEventId(input.eventName, businessId);
  return randomEventId();
}

function readActionSource(actionSource: unknown): ActionSource {
  if (actionSource === undefined) return 'web';
  if (typeof actionSource === 'string' && ACTION_SOURCES.includes(actionSource))
    return actionSource as ActionSource;
  throw new ValidationError(
    `Invalid \`actionSource\` ${JSON.stringify(actionSource)}. Use one of ${ACTION_SOURCES.join(', ')}.`,
    { field: 'actionSource', code: 'action_source_invalid' },
  );
}

function readItems(items: unknown): LineItem[] {
  if (items === undefined) return [];
  if (!Array.isArray(items)) {
    throw new ValidationError('Invalid `items`: expected an array of line items.', { field: 'items' });
  }
  return items.map(readLineItem);
}

function readProperties(properties: unknown): Record<string, unknown> {
  if (properties === undefined) return {};
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw new ValidationError('Invalid `properties`: expected a plain object.', { field: 'properties' });
  }
  return properties as Record<string, unknown>;
}

function readLineItem(item: LineItemInput, index: number): LineItem {
  const field = `items[${index}]`;
  if (typeof item !== 'object' || item === null) {
    throw new ValidationError(`Invalid \`${field}\`: expected an object with an \`id\`.`, { field });
  }

  const quantity = item.quantity ?? 1;
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw new ValidationError(
      `Invalid \`${field}.quantity\` ${JSON.stringify(quantity)}: pass a whole number of units, 1 or more.`,
      { field: `${field}.quantity`, code: 'invalid_quantity' },
    );
  }

  const lineItem: LineItem = { id: businessIdToString(item.id, `${field}.id`), quantity };
  assignText(lineItem, 'name', item.name, `${field}.name`);
  assignText(lineItem, 'category', item.category, `${field}.category`);
  assignText(lineItem, 'brand', item.brand, `${field}.brand`);
  if (item.variantId !== undefined)
    lineItem.variantId = businessIdToString(item.variantId, `${field}.variantId`);
  assignText(lineItem, 'variant', item.variant, `${field}.variant`);
  if (item.price !== undefined) lineItem.price = toDecimalString(item.price, `${field}.price`);
  return lineItem;
}

function readUrl(url: unknown): string {
  if (typeof url === 'string' && /^https?:\/\/\S+$/i.test(url)) return url;
  throw new ValidationError(
    `Invalid \`eventSourceUrl\`: expected an absolute http or https URL. Pass the page URL, for example location.href.`,
    { field: 'eventSourceUrl', code: 'invalid_url' },
  );
}

function readBoolean(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  throw new ValidationError(`Invalid \`${field}\`: expected true or false, got ${typeof value}.`, { field });
}

// Copies a non-empty string; anything that is not a string is a caller mistake worth reporting.
function assignText<T extends object>(
  target: T,
  key: keyof T & string,
  value: unknown,
  field: string = key,
): void {
  if (value === undefined || value === null || value === '') return;
  if (typeof value !== 'string') {
    throw new ValidationError(`Invalid \`${field}\`: expected a string, got ${typeof value}.`, { field });
  }
  (target as Record<string, unknown>)[key] = value;
}

function trimmed(value: unknown): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
