// The consent banner and the privacy page: separate choices for advertising (Pinterest) and
// analytics (PostHog). The form works without JavaScript; the browser script takes it over when loaded.
import type { Consent } from '@pinpair/core';
import { html, type SafeHtml } from './html.js';

/** Renders the banner shown while either choice is still pending. */
export function renderConsentBanner(consent: Consent): SafeHtml {
  return html`<aside class="consent-banner" data-consent-banner aria-label="Cookie choices">
  <h2>Your privacy choices</h2>
  <p>We use cookies to measure our Pinterest ads and to understand how the shop is used. Pick what you allow; you can change it any time under “Privacy choices”.</p>
  ${renderConsentForm(consent, '')}
</aside>`;
}

/** Renders the privacy page body with the current choices. */
export function renderPrivacyPage(consent: Consent, saved: boolean): SafeHtml {
  return html`<section class="narrow">
  <h1>Privacy choices</h1>
  ${saved && html`<p class="notice" role="status">Your choices are saved.</p>`}
  <p>Advertising: ${describe(consent.advertising)}. Analytics: ${describe(consent.analytics)}.</p>
  ${renderConsentForm(consent, '/privacy')}
</section>`;
}

function renderConsentForm(consent: Consent, returnTo: string): SafeHtml {
  return html`<form class="consent-form" method="post" action="/consent" data-consent-form>
    <input type="hidden" name="return_to" value="${returnTo}">
    <label class="choice">
      <input type="checkbox" name="advertising" value="granted" ${consent.advertising === 'granted' && 'checked'}>
      <span class="choice-text"><strong>Advertising</strong> · Pinterest Tag and Conversions API, so Pinterest can tell which ads led to a purchase.</span>
    </label>
    <label class="choice">
      <input type="checkbox" name="analytics" value="granted" ${consent.analytics === 'granted' && 'checked'}>
      <span class="choice-text"><strong>Analytics</strong> · PostHog, so we can see which pages and products people use.</span>
    </label>
    <div class="consent-actions">
      <button type="submit" name="choice" value="reject" class="button secondary">Reject all</button>
      <button type="submit" name="choice" value="save" class="button secondary">Save choices</button>
      <button type="submit" name="choice" value="accept" class="button">Accept all</button>
    </div>
  </form>`;
}

function describe(state: Consent['advertising']): string {
  if (state === 'granted') return 'allowed';
  if (state === 'denied') return 'not allowed';
  return 'not chosen yet';
}
