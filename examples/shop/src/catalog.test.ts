import { describe, expect, it } from 'vitest';
import { loadCatalog, parseCatalog } from './catalog.js';

const HEADER =
  'id,item_group_id,title,description,link,image_link,price,availability,product_type,color,size';

describe('loadCatalog', () => {
  const catalog = loadCatalog();

  it('groups the shipped feed into products with variants', () => {
    expect(catalog.currency).toBe('USD');
    expect(catalog.products.map((product) => product.slug)).toEqual([
      'stoneware-mug',
      'linen-apron',
      'organic-cotton-tee',
      'canvas-tote',
      'merino-throw',
      'terracotta-planter',
    ]);
    expect(catalog.findProduct('organic-cotton-tee')?.variants).toHaveLength(6);
  });

  it('finds a variant by catalog item id', () => {
    const entry = catalog.findVariant('TEE-NAVY-M');
    expect(entry?.product.groupId).toBe('TEE');
    expect(entry?.variant).toMatchObject({ label: 'Navy / M', priceCents: 2900, available: true });
  });

  it('labels variants by what sets them apart', () => {
    const labels = (slug: string) => catalog.findProduct(slug)?.variants.map((variant) => variant.label);
    expect(labels('organic-cotton-tee')).toContain('White / L');
    expect(labels('linen-apron')).toEqual(['Natural', 'Rust']);
    expect(labels('terracotta-planter')).toEqual(['Small (12 cm)', 'Large (20 cm)']);
    expect(labels('canvas-tote')).toEqual(['']);
  });

  it('uses the item id as group for a product without variants', () => {
    expect(catalog.findProduct('canvas-tote')?.groupId).toBe('TOTE-NATURAL');
  });

  it('keeps per-variant prices and availability', () => {
    const planter = catalog.findProduct('terracotta-planter');
    expect(planter?.fromPriceCents).toBe(2200);
    expect(planter?.variants.map((variant) => [variant.id, variant.priceCents, variant.available])).toEqual([
      ['PLANTER-S', 2200, true],
      ['PLANTER-L', 3400, false],
    ]);
  });

  it('searches every word across title, description and variants', () => {
    expect(catalog.search('navy').map((product) => product.slug)).toEqual(['organic-cotton-tee']);
    expect(catalog.search('LINEN apron').map((product) => product.slug)).toEqual(['linen-apron']);
    expect(catalog.search('linen wool')).toEqual([]);
    expect(catalog.search('   ')).toEqual([]);
  });
});

describe('parseCatalog', () => {
  const row = (id: string, price: string) =>
    `${id},,Thing,Desc,https://shop.example/products/thing,https://shop.example/i.svg,${price},in stock,Things,,`;

  it('rejects a feed without a required column', () => {
    expect(() => parseCatalog('id,title\nA,Thing\n')).toThrow('the column "item_group_id" is missing');
  });

  it('rejects a duplicate id', () => {
    expect(() => parseCatalog(`${HEADER}\n${row('A', '1.00 USD')}\n${row('A', '1.00 USD')}\n`)).toThrow(
      '"A" appears twice',
    );
  });

  it('rejects mixed currencies', () => {
    expect(() => parseCatalog(`${HEADER}\n${row('A', '1.00 USD')}\n${row('B', '1.00 EUR')}\n`)).toThrow(
      '"B" costs EUR',
    );
  });

  it('rejects a price without a currency', () => {
    expect(() => parseCatalog(`${HEADER}\n${row('A', '1.00')}\n`)).toThrow('Invalid catalog price "1.00"');
  });
});
