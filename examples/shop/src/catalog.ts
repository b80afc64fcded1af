// The shop's catalog, read from catalog.csv: the same feed file (and so the same item ids) that
// Pinterest would ingest, so every event on every channel names products the way the catalog does.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './csv.js';
import { parseFeedPrice } from './money.js';

/** The catalog feed shipped beside the shop. */
export const DEFAULT_CATALOG_PATH = fileURLToPath(new URL('../catalog.csv', import.meta.url));

const REQUIRED_COLUMNS = ['id', 'item_group_id', 'title', 'description', 'link', 'price', 'availability'];

/** One purchasable variant: one row of the feed. */
export interface Variant {
  /** The feed's `id`: the catalog item id in Pinterest's copy of the feed, sent as the line item id. */
  id: string;
  /** The feed's `item_group_id`, or the item id for a product without variants. */
  groupId: string;
  /** The colour and size that differ between the product's variants, such as `Navy / M`; empty for a single variant. */
  label: string;
  color?: string;
  size?: string;
  priceCents: number;
  available: boolean;
}

/** One product page: the variants that share an item group. */
export interface Product {
  groupId: string;
  /** The last path segment of the feed's `link`, which is also the shop's product URL. */
  slug: string;
  title: string;
  description: string;
  brand: string;
  /** The feed's `product_type`, such as `Kitchen > Mugs`. */
  category: string;
  variants: Variant[];
  fromPriceCents: number;
}

/** The loaded catalog with its look-ups. */
export interface Catalog {
  /** ISO 4217 code shared by every price in the feed. */
  currency: string;
  /** The feed's CSV text, served at `/catalog.csv`. */
  feed: string;
  products: Product[];
  findProduct(slug: string): Product | undefined;
  /** Finds a variant and its product by catalog item id. */
  findVariant(id: string): { product: Product; variant: Variant } | undefined;
  /** Returns the products whose text contains every word of the query, case-insensitively. */
  search(query: string): Product[];
}

/**
 * Reads and parses a catalog feed file.
 *
 * @example
 * const catalog = loadCatalog();
 * catalog.findVariant('MUG-SAND')?.product.title; // 'Stoneware Mug'
 */
export function loadCatalog(path: string = DEFAULT_CATALOG_PATH): Catalog {
  return parseCatalog(readFileSync(path, 'utf8'));
}

/**
 * Parses catalog feed CSV (a header row, then one row per variant) and groups the rows into products.
 *
 * @throws {SyntaxError} on a missing column, a bad price, a duplicate id or mixed currencies.
 */
export function parseCatalog(csvText: string): Catalog {
  const [header, ...rows] = parseCsv(csvText);
  if (!header) throw new SyntaxError('Invalid catalog: the feed is empty.');
  for (const column of REQUIRED_COLUMNS) {
    if (!header.includes(column))
      throw new SyntaxError(`Invalid catalog: the column "${column}" is missing.`);
  }

  const products = new Map<string, Product>();
  const variants = new Map<string, { product: Product; variant: Variant }>();
  let currency: string | undefined;

  for (const [index, row] of rows.entries()) {
    const field = (name: string) => row[header.indexOf(name)]?.trim() ?? '';
    const id = field('id');
    if (id === '') throw new SyntaxError(`Invalid catalog: row ${index + 2} has no id.`);
    if (variants.has(id)) throw new SyntaxError(`Invalid catalog: the id "${id}" appears twice.`);

    const price = parseFeedPrice(field('price'));
    currency ??= price.currency;
    if (price.currency !== currency) {
      throw new SyntaxError(
        `Invalid catalog: "${id}" costs ${price.currency} but the feed uses ${currency}.`,
      );
    }

    const groupId = field('item_group_id') || id;
    let product = products.get(groupId);
    if (!product) {
      product = {
        groupId,
        slug: slugFromLink(field('link'), id),
        title: field('title'),
        description: field('description'),
        brand: field('brand'),
        category: field('product_type'),
        variants: [],
        fromPriceCents: price.cents,
      };
      products.set(groupId, product);
    }

    const variant: Variant = {
      id,
      groupId,
      label: '',
      color: field('color') || undefined,
      size: field('size') || undefined,
      priceCents: price.cents,
      available: field('availability') === 'in stock',
    };
    product.variants.push(variant);
    product.fromPriceCents = Math.min(product.fromPriceCents, price.cents);
    variants.set(id, { product, variant });
  }

  const productList = [...products.values()];
  for (const product of productList) labelVariants(product);

  return {
    currency: currency ?? 'USD',
    feed: csvText,
    products: productList,
    findProduct: (slug) => productList.find((product) => product.slug === slug),
    findVariant: (id) => variants.get(id),
    search: (query) => searchProducts(productList, query),
  };
}

/**
 * Labels each variant with the attributes that tell it apart from its siblings: `Navy / M` for the
 * tee, `Small (12 cm)` for a planter that comes in one colour, nothing for a single variant.
 */
function labelVariants(product: Product): void {
  const differs = (attribute: 'color' | 'size') =>
    new Set(product.variants.map((variant) => variant[attribute])).size > 1;
  const attributes = (['color', 'size'] as const).filter(differs);

  for (const variant of product.variants) {
    variant.label = attributes
      .map((attribute) => variant[attribute])
      .filter(Boolean)
      .join(' / ');
  }
}

function slugFromLink(link: string, id: string): string {
  const slug = URL.canParse(link) ? new URL(link).pathname.split('/').filter(Boolean).pop() : undefined;
  if (!slug) throw new SyntaxError(`Invalid catalog: the link of "${id}" has no product path.`);
  return slug;
}

function searchProducts(products: Product[], query: string): Product[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];

  return products.filter((product) => {
    const text = [
      product.title,
      product.description,
      product.category,
      ...product.variants.map((variant) => variant.label),
    ]
      .join(' ')
      .toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
