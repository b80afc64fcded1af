// A page with a heading and one message, for 404s, errors and empty states.
import { html, type SafeHtml } from './html.js';

/** Renders a page with a heading, one message and a link back to the shop. */
export function renderMessagePage(heading: string, message: string): SafeHtml {
  return html`<section class="narrow">
  <h1>${heading}</h1>
  <p>${message}</p>
  <p><a href="/">Back to the shop</a></p>
</section>`;
}
