// Tests for the event taxonomy: API and tag names, aliases, custom fallback and strict mode.

import { describe, expect, it } from 'vitest';
import { isValidationError } from './errors/validation-error.js';
import { API_EVENT_NAMES, fromTagEventName, resolveEventName, toTagEventName } from './taxonomy.js';

describe('API_EVENT_NAMES', () => {
  it('lists the 22 current API names', () => {
    expect([...API_EVENT_NAMES].sort()).toEqual([
      'add_payment_info',
      'add_to_cart',
      'add_to_wishlist',
      'app_install',
      'app_open',
      'checkout',
      'contact',
      'custom',
      'customize_product',
      'find_location',
      'initiate_checkout',
      'lead',
      'page_visit',
      'schedule',
      'search',
      'signup',
      'start_trial',
      'submit_application',
      'subscribe',
      'view_category',
      'view_content',
      'watch_video',
    ]);
  });
});

describe('resolveEventName', () => {
  it.each(API_EVENT_NAMES.map((name) => [name]))('resolves API name %s to itself', (name) => {
    const resolved = resolveEventName(name);
    expect(resolved.apiName).toBe(name);
    expect(resolved.custom).toBe(false);
  });

  it.each([
    ['Order Completed', 'checkout'],
    ['Product Added', 'add_to_cart'],
    ['Products Searched', 'search'],
    ['Product Viewed', 'view_content'],
    ['Product List Viewed', 'view_category'],
    ['Checkout Started', 'initiate_checkout'],
    ['Payment Info Entered', 'add_payment_info'],
    ['Signed Up', 'signup'],
    ['Lead Generated', 'lead'],
    ['Product Added to Wishlist', 'add_to_wishlist'],
    ['$pageview', 'page_visit'],
    ['Checkout', 'checkout'],
    ['AddToCart', 'add_to_cart'],
    ['sign_up', 'signup'],
    ['Purchase', 'checkout'],
    ['PageVisit', 'page_visit'],
    ['AddToWishList', 'add_to_wishlist'],
    ['begin_checkout', 'initiate_checkout'],
    ['generate_lead', 'lead'],
    ['  checkout  ', 'checkout'],
  ])('resolves alias %j to %s', (alias, apiName) => {
    const resolved = resolveEventName(alias);
    expect(resolved.apiName).toBe(apiName);
    expect(resolved.custom).toBe(false);
    expect(resolved.originalName).toBe(alias);
  });

  it('gives tag and PostHog names for checkout', () => {
    expect(resolveEventName('checkout')).toEqual({
      apiName: 'checkout',
      tagName: 'Checkout',
      postHogName: 'Order Completed',
      originalName: 'checkout',
      custom: false,
    });
  });

  it('uses $pageview as PostHog name of page_visit', () => {
    expect(resolveEventName('page_visit').postHogName).toBe('$pageview');
  });

  it('keeps the API name in PostHog when there is no e-commerce name', () => {
    expect(resolveEventName('watch_video').postHogName).toBe('watch_video');
  });

  it('turns an unknown name into custom', () => {
    expect(resolveEventName('Refund Issued')).toEqual({
      apiName: 'custom',
      tagName: 'Custom',
      postHogName: 'Refund Issued',
      originalName: 'Refund Issued',
      custom: true,
    });
  });

  it('rejects an unknown name in strict mode', () => {
    let caught: unknown;
    try {
      resolveEventName('Refund Issued', { strict: true });
    } catch (error) {
      caught = error;
    }
    expect(isValidationError(caught)).toBe(true);
    expect((caught as Error).message).toContain('Refund Issued');
  });

  it('accepts a known alias in strict mode', () => {
    expect(resolveEventName('Order Completed', { strict: true }).apiName).toBe('checkout');
  });

  it.each([['constructor'], ['__proto__'], ['toString'], ['___']])(
    'turns %j into custom, not into an Object.prototype key',
    (name) => {
      const resolved = resolveEventName(name);
      expect(resolved.apiName).toBe('custom');
      expect(resolved.postHogName).toBe(name);
    },
  );

  it.each([
    ['add_to_cart', 'add_to_cart'],
    ['Add To Cart', 'add_to_cart'],
    ['add-to-cart', 'add_to_cart'],
    ['ADDTOCART', 'add_to_cart'],
    ['order_completed', 'checkout'],
    ['product-added', 'add_to_cart'],
    ['view_item_list', 'view_category'],
  ])('ignores case, spaces, underscores and dashes in %j', (name, apiName) => {
    expect(resolveEventName(name).apiName).toBe(apiName);
  });

  it('lists the API names when strict mode rejects a name', () => {
    expect(() => resolveEventName('Refund Issued', { strict: true })).toThrow(
      /add_payment_info, .*watch_video/,
    );
  });

  it.each([[''], ['   ']])('rejects the empty name %j', (name) => {
    expect(() => resolveEventName(name)).toThrow(/eventName/);
  });
});

describe('toTagEventName', () => {
  it('maps API names to tag names', () => {
    expect(toTagEventName('checkout')).toBe('Checkout');
    expect(toTagEventName('add_to_wishlist')).toBe('AddToWishList');
    expect(toTagEventName('page_visit')).toBe('PageVisit');
    expect(toTagEventName('initiate_checkout')).toBe('InitiateCheckout');
  });

  it('has no tag name for app-only events', () => {
    expect(toTagEventName('app_install')).toBeUndefined();
    expect(toTagEventName('app_open')).toBeUndefined();
  });
});

describe('fromTagEventName', () => {
  it.each([
    ['checkout', 'checkout'],
    ['Checkout', 'checkout'],
    ['AddToCart', 'add_to_cart'],
    ['addtocart', 'add_to_cart'],
    ['pagevisit', 'page_visit'],
    ['WatchVideo', 'watch_video'],
  ])('maps %s to %s', (tagName, apiName) => {
    expect(fromTagEventName(tagName)).toBe(apiName);
  });

  it('round-trips every tag name', () => {
    for (const apiName of API_EVENT_NAMES) {
      const tagName = toTagEventName(apiName);
      if (tagName) expect(fromTagEventName(tagName)).toBe(apiName);
    }
  });

  it('returns undefined for names the tag lacks', () => {
    expect(fromTagEventName('Order Completed')).toBeUndefined();
    expect(fromTagEventName('app_install')).toBeUndefined();
  });
});
