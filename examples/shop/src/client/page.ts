// The shop's browser script (bundled into public/shop.js): one pinpair tracker per page that sends
// page visits and shop events to the Pinterest tag and PostHog, the consent banner, add to cart, and
// the hand-off on the checkout form.
import { createTracker, type Tracker } from '@pinpair/browser';
import { randomEventId } from '@pinpair/core';
import { PAGE_CONFIG_ELEMENT_ID, type PageConfig, type PageEvent } from '../page-config.js';
import { postHogInstance, startPostHog, stopPostHog } from './posthog.js';

const config = readPageConfig();
const tracker = createTracker({
  tagId: config.tracking.tagId,
  tagScriptUrl: config.tracking.tagScriptUrl,
  posthog: postHogInstance,
  currency: config.tracking.currency,
  enhancedMatch: { email: config.enhancedMatchEmail },
});

// posthog-js starts (and writes its cookie) only once analytics consent is granted.
const analyticsConsent = tracker.consent().analytics;
if (analyticsConsent === 'granted') startPostHog(config.tracking.posthog);
else if (analyticsConsent === 'denied') stopPostHog(config.tracking.posthog);

void tracker.page();
if (config.event) void trackPageEvent(tracker, config.event);

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-consent-form]')) {
  wireConsentForm(form);
}
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-add-to-cart]')) {
  wireAddToCart(form);
}
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-checkout-form]')) {
  wireCheckout(form);
}

function readPageConfig(): PageConfig {
  const element = document.getElementById(PAGE_CONFIG_ELEMENT_ID);
  if (!element?.textContent) {
    throw new Error(`The page has no #${PAGE_CONFIG_ELEMENT_ID} element; render it with the shop layout.`);
  }
  return JSON.parse(element.textContent) as PageConfig;
}

/** Sends the event the server chose for this page (view_content, search, initiate_checkout, checkout). */
function trackPageEvent(target: Tracker, event: PageEvent): Promise<string | undefined> {
  switch (event.name) {
    case 'view_content':
    case 'initiate_checkout':
      return target.track(event.name, { value: event.value, items: event.items });
    case 'search':
      return target.track('search', { searchString: event.searchString });
    case 'checkout':
      // The order id makes the event id deterministic: a reload finds it already sent and sends nothing.
      return target.track('checkout', { orderId: event.orderId, value: event.value, items: event.items });
  }
}

/** Applies the banner's or the privacy page's choices in the page, without a round trip. */
function wireConsentForm(form: HTMLFormElement): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const choice = event.submitter instanceof HTMLButtonElement ? event.submitter.value : 'save';
    const checked = (name: string) =>
      form.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.checked === true;
    const state = (granted: boolean) => (granted ? 'granted' : 'denied');

    const advertising = choice === 'accept' || (choice === 'save' && checked('advertising'));
    const analytics = choice === 'accept' || (choice === 'save' && checked('analytics'));
    // posthog-js starts first, so the events that waited for consent go out at once.
    if (analytics) startPostHog(config.tracking.posthog);
    else stopPostHog(config.tracking.posthog);
    tracker.setConsent({ advertising: state(advertising), analytics: state(analytics) });

    const banner = form.closest<HTMLElement>('[data-consent-banner]');
    if (banner) banner.hidden = true;
    else window.location.assign('/privacy?saved=1');
  });
}

/** Adds to the cart with `fetch`, so the page (and its tracker) stays, then sends add_to_cart. */
function wireAddToCart(form: HTMLFormElement): void {
  const image = document.querySelector<HTMLImageElement>('[data-product-image]');
  const price = document.querySelector<HTMLElement>('[data-product-price]');
  const itemIdLabel = document.querySelector<HTMLElement>('[data-item-id]');
  const status = form.querySelector<HTMLElement>('[data-cart-status]');

  form.addEventListener('change', (event) => {
    const radio = event.target;
    if (!(radio instanceof HTMLInputElement) || radio.name !== 'item_id') return;
    if (image && radio.dataset.image) image.src = radio.dataset.image;
    if (price && radio.dataset.price) price.textContent = radio.dataset.price;
    if (itemIdLabel) itemIdLabel.textContent = radio.value;
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // One id for both copies: the server reports the add to cart with it from the hand-off header,
    // and the browser sends its own copy with it below.
    const eventId = randomEventId();
    const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
    const headers = { accept: 'application/json', ...tracker.handoffHeaders(eventId) };
    const response = await fetch(form.action, { method: 'POST', body, headers });
    if (!response.ok) {
      if (status)
        status.textContent = 'Sorry, that could not be added. Please reload the page and try again.';
      return;
    }

    const result = (await response.json()) as {
      itemId: string;
      quantity: number;
      value: string;
      cartCount: number;
    };
    for (const badge of document.querySelectorAll('[data-cart-count]'))
      badge.textContent = String(result.cartCount);
    if (status) status.innerHTML = 'Added to your cart. <a href="/cart">View cart</a>';

    const item = config.items?.[result.itemId];
    if (!item) return;
    const added = { ...item, quantity: result.quantity };
    await tracker.track('add_to_cart', { eventId, value: result.value, items: [added] });
  });
}

/**
 * Puts the hand-off (click id, PostHog distinct id, consent) in the checkout form's hidden field, so
 * the server reports the order as this shopper. The tracker writes it again when the form submits,
 * because consent may have changed and posthog-js may have started since the page loaded.
 */
function wireCheckout(form: HTMLFormElement): void {
  tracker.attachHandoff(form);
}
