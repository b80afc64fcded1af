// Browsing routes: home, product pages, search, product pictures and the catalog feed.
import { Router } from 'express';
import type { Catalog } from '../catalog.js';
import { toDecimal } from '../money.js';
import type { PageItem } from '../page-config.js';
import { toPageItem } from '../pricing.js';
import type { RenderPage } from '../render.js';
import { renderHome } from '../views/home.js';
import { renderMessagePage } from '../views/message.js';
import { renderProductPage } from '../views/product.js';
import { renderProductImage } from '../views/product-image.js';
import { renderSearchPage } from '../views/search.js';

/** Creates the browsing routes. */
export function createCatalogRoutes(catalog: Catalog, render: RenderPage): Router {
  const router = Router();

  router.get('/', (req, res) => {
    render(req, res, { title: 'Shop', body: renderHome(catalog) });
  });

  router.get('/products/:slug', (req, res) => {
    const product = catalog.findProduct(req.params.slug);
    if (!product) {
      render(req, res, {
        status: 404,
        title: 'Not found',
        body: renderMessagePage('Product not found', 'That product is not in the catalog.'),
      });
      return;
    }

    const requested = product.variants.find((variant) => variant.id === req.query.variant);
    const selected =
      requested ?? product.variants.find((variant) => variant.available) ?? product.variants[0];
    if (!selected) throw new Error(`Product ${product.groupId} has no variants.`);

    const items: Record<string, PageItem> = {};
    for (const variant of product.variants) items[variant.id] = toPageItem(product, variant, 1);
    const viewed = toPageItem(product, selected, 1);

    render(req, res, {
      title: product.title,
      body: renderProductPage(product, selected, catalog.currency),
      event: { name: 'view_content', value: toDecimal(selected.priceCents), items: [viewed] },
      items,
    });
  });

  router.get('/search', (req, res) => {
    const query = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
    const results = catalog.search(query);
    render(req, res, {
      title: query === '' ? 'Search' : `Search: ${query}`,
      body: renderSearchPage(query, results, catalog.currency),
      event: query === '' ? undefined : { name: 'search', searchString: query },
      query,
    });
  });

  router.get('/images/:file', (req, res) => {
    const id = req.params.file.replace(/\.svg$/, '');
    const entry = catalog.findVariant(id);
    if (!entry || !req.params.file.endsWith('.svg')) {
      res.status(404).type('text').send('Image not found.');
      return;
    }
    res
      .set('cache-control', 'public, max-age=3600')
      .type('image/svg+xml')
      .send(renderProductImage(entry.product, entry.variant));
  });

  router.get('/catalog.csv', (_req, res) => {
    res.type('text/csv').send(catalog.feed);
  });

  return router;
}
