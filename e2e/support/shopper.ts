// A shopper in Chromium: one browser context driving the example shop the way a person would.
import type { RunningShop } from '@pinpair/example-shop';
import type { FakePinterest, FakePostHog } from '@pinpair/testkit';
import type { BrowserContext, Cookie, Page } from 'playwright-core';

/** Contact and address typed into the checkout form. */
export interface CheckoutDetails {
  email: string;
  phone: string;
  firstName: string;
  lastName: string;
  city: string;
  state: string;
  zip: string;
  /** ISO 3166-1 alpha-2 code offered by the form. */
  country: string;
}

/** The customer every test checks out as, unless it passes its own. */
export const ADA: CheckoutDetails = {
  email: ' Ada.Lovelace@Example.com ',
  phone: '(415) 555-0100',
  firstName: 'Ada',
  lastName: 'Lovelace',
  city: 'San Francisco',
  state: 'CA',
  zip: '94103',
  country: 'US',
};

/** What the shopper is made of; see `Harness.newShopper`. */
export interface ShopperParts {
  context: BrowserContext;
  page: Page;
  shop: RunningShop;
  pinterest: FakePinterest;
  posthog: FakePostHog;
  /** The address the shopper's requests carry in `X-Forwarded-For`. */
  ip: string;
}

/** Drives the shop in one browser context and records every request the context makes. */
export class Shopper {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly ip: string;
  /** URLs of every request the context made, in order. */
  readonly requests: string[] = [];
  private readonly parts: ShopperParts;

  constructor(parts: ShopperParts) {
    this.parts = parts;
    this.context = parts.context;
    this.page = parts.page;
    this.ip = parts.ip;
    this.context.on('request', (request) => this.requests.push(request.url()));
  }

  /** Opens a shop path, such as `/?epik=…` or `/products/stoneware-mug`. */
  async visit(path: string): Promise<void> {
    await this.page.goto(new URL(path, this.parts.shop.url).href);
  }

  /** Submits the consent banner: accept all, reject all, or save one choice per category. */
  async chooseConsent(
    choice: 'accept' | 'reject' | { advertising: boolean; analytics: boolean },
  ): Promise<void> {
    const banner = this.page.locator('[data-consent-banner]');
    if (choice === 'accept') {
      await banner.getByRole('button', { name: 'Accept all' }).click();
    } else if (choice === 'reject') {
      await banner.getByRole('button', { name: 'Reject all' }).click();
    } else {
      await banner.getByRole('checkbox', { name: /^Advertising/ }).setChecked(choice.advertising);
      await banner.getByRole('checkbox', { name: /^Analytics/ }).setChecked(choice.analytics);
      await banner.getByRole('button', { name: 'Save choices' }).click();
    }
    await banner.waitFor({ state: 'hidden' });
  }

  /** Changes both choices on the privacy page and waits for the page that confirms them. */
  async setPrivacyChoices(choice: { advertising: boolean; analytics: boolean }): Promise<void> {
    await this.visit('/privacy');
    const form = this.page.locator('main form[data-consent-form]');
    await form.getByRole('checkbox', { name: /^Advertising/ }).setChecked(choice.advertising);
    await form.getByRole('checkbox', { name: /^Analytics/ }).setChecked(choice.analytics);
    await Promise.all([
      this.page.waitForURL(/\/privacy\?saved=1$/),
      form.getByRole('button', { name: 'Save choices' }).click(),
    ]);
  }

  /** Opens a product page, picks a variant by its label, and adds it to the cart without leaving the page. */
  async addToCart(slug: string, variantLabel?: string, quantity = 1): Promise<void> {
    await this.visit(`/products/${slug}`);
    if (variantLabel) await this.page.getByText(variantLabel, { exact: true }).click();
    await this.page.getByLabel('Quantity').fill(String(quantity));
    await this.page.getByRole('button', { name: 'Add to cart' }).click();
    await this.page.getByText('Added to your cart.').waitFor();
  }

  /** Searches from the header's search box. */
  async search(query: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search the shop' }).fill(query);
    await Promise.all([
      this.page.waitForURL(/\/search\?/),
      this.page.getByRole('button', { name: 'Search', exact: true }).click(),
    ]);
  }

  /** Opens the checkout, fills the form, places the order and returns its id from the confirmation URL. */
  async checkout(details: CheckoutDetails = ADA): Promise<string> {
    await this.visit('/checkout');
    const form = this.page.locator('form[data-checkout-form]');
    await form.getByLabel('E-mail').fill(details.email);
    await form.getByLabel('Phone').fill(details.phone);
    await form.getByLabel('First name').fill(details.firstName);
    await form.getByLabel('Last name').fill(details.lastName);
    await form.getByLabel('City').fill(details.city);
    await form.getByLabel('State / region').fill(details.state);
    await form.getByLabel('ZIP / postal code').fill(details.zip);
    await form.getByLabel('Country').selectOption(details.country);
    await form.getByLabel('Approve the payment').check();

    await Promise.all([
      this.page.waitForURL(/\/orders\/PP-/),
      form.getByRole('button', { name: /^Place order/ }).click(),
    ]);
    const orderId = /\/orders\/(PP-[A-Z0-9]+)/.exec(this.page.url())?.[1];
    if (!orderId) throw new Error(`The confirmation URL ${this.page.url()} has no order id.`);
    return orderId;
  }

  /** Returns one cookie of the shop's origin, or undefined. */
  async cookie(name: string): Promise<Cookie | undefined> {
    const cookies = await this.context.cookies(this.parts.shop.url);
    return cookies.find((cookie) => cookie.name === name);
  }

  /** Returns the PostHog distinct id from posthog-js's `ph_<api key>_posthog` cookie. */
  async postHogDistinctId(): Promise<string | undefined> {
    const cookie = await this.cookie(`ph_${this.parts.posthog.apiKey}_posthog`);
    if (!cookie) return undefined;
    const stored = JSON.parse(decodeURIComponent(cookie.value)) as { distinct_id?: string };
    return stored.distinct_id;
  }
}
