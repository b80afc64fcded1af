// The search results page.
import type { Product } from '../catalog.js';
import { renderProductGrid } from './home.js';
import { html, type SafeHtml } from './html.js';

/** Renders the results for a query, or a hint when nothing matched. */
export function renderSearchPage(query: string, results: Product[], currency: string): SafeHtml {
  const heading = query === '' ? 'Search' : `Results for “${query}”`;

  return html`<h1 class="section-title">${heading}</h1>
${results.length > 0 && html`<p class="muted">${results.length} ${results.length === 1 ? 'product' : 'products'}</p>`}
${results.length > 0 && renderProductGrid(results, currency)}
${results.length === 0 && html`<p class="empty">Nothing matched${query === '' ? '' : ` “${query}”`}. Try “mug”, “linen” or “navy”.</p>`}`;
}
