// Ledger cases over real HTTP: tag beacons and CAPI requests in, the report's conversions and problems out.

import { afterEach, describe, expect, it } from 'vitest';
import {
  BROWSER_USER_AGENT,
  NOW_MS,
  postEvents,
  SHOPPER_IP,
  sendBeacon,
  validEvent,
} from '../__tests__/capi-fixtures.js';
import { type FakePinterest, startFakePinterest } from '../pinterest/fake-pinterest.js';
import type { FakePinterestOptions } from '../pinterest/options.js';
import type { ConversionRow, ProblemCode, TagLedgerEvent } from './types.js';

const HOUR_MS = 3_600_000;
let pinterest: FakePinterest | undefined;
let now = NOW_MS;

afterEach(async () => {
  await pinterest?.close();
  now = NOW_MS;
});

async function start(options: FakePinterestOptions = {}): Promise<FakePinterest> {
  pinterest = await startFakePinterest({ now: () => now, trustForwardedFor: true, ...options });
  return pinterest;
}

/** Sends a checkout beacon as the shopper's browser does, from the shopper's address. */
function tagCheckout(fake: FakePinterest, ed: Record<string, unknown> = {}, event = 'checkout') {
  return sendBeacon(
    fake,
    { event, ed: { event_id: 'evt-1001', value: 116, currency: 'USD', order_id: '1001', ...ed } },
    { forwardedFor: SHOPPER_IP },
  );
}

/** Sends a CAPI request as the shop's server does, with its own `node` user agent. */
function capi(
  fake: FakePinterest,
  overrides: Record<string, unknown> = {},
  options: { query?: string } = {},
) {
  return postEvents(
    fake,
    { data: [validEvent(overrides)] },
    { headers: { 'user-agent': 'node' }, ...options },
  );
}

function codes(row: ConversionRow | undefined): ProblemCode[] {
  return (row?.problems ?? []).map((problem) => problem.code);
}

describe('dedup ledger', () => {
  it('pairs a tag and a CAPI copy of one checkout', async () => {
    const fake = await start();

    await tagCheckout(fake);
    await capi(fake);

    const report = fake.ledger.report();
    expect(report.conversions).toHaveLength(1);
    const [row] = report.conversions;
    expect(row).toMatchObject({
      adAccountId: fake.adAccountId,
      eventName: 'checkout',
      eventId: 'evt-1001',
      orderId: '1001',
      value: '116.00',
      currency: 'USD',
      actionSource: 'web',
      channels: ['tag', 'capi'],
      copies: { tag: 1, capi: 1, capiFailed: 0 },
      deduplicated: true,
      clickIdPresent: true,
    });
    expect(row?.problems).toEqual([]);
    expect(report.totals).toMatchObject({ events: 2, conversions: 1, deduplicated: 1, withProblems: 0 });
  });

  it('reports CAPI user data and products', async () => {
    const fake = await start();

    await tagCheckout(fake, { line_items: [{ product_id: 'tag-only-sku' }] });
    await capi(fake, {
      custom_data: {
        ...(validEvent().custom_data as object),
        content_ids: ['sku-11'],
        contents: [{ id: 'sku-11', quantity: 1 }, { id: 'sku-15', quantity: 1 }, { quantity: 1 }],
      },
    });

    const [row] = fake.ledger.report().conversions;
    expect(row?.userDataKeys).toEqual(['click_id', 'client_ip_address', 'client_user_agent', 'em']);
    expect(row?.clientIpAddress).toBe(SHOPPER_IP);
    expect(row?.clientUserAgent).toBe(BROWSER_USER_AGENT);
    expect(row?.contentIds).toEqual(['sku-11', 'sku-15']);
    const emDigest = (validEvent().user_data as { em: string[] }).em[0] as string;
    expect(JSON.stringify(fake.ledger.report())).not.toContain(emDigest);
  });

  it('leaves empty fields out of userDataKeys', async () => {
    const fake = await start();

    await capi(fake, {
      user_data: { ...(validEvent().user_data as object), click_id: null, partner_id: '', ph: [] },
    });

    const [row] = fake.ledger.report().conversions;
    expect(row?.channels).toEqual(['capi']);
    expect(row?.userDataKeys).toEqual(['client_ip_address', 'client_user_agent', 'em']);
  });

  it('takes products from the tag without CAPI', async () => {
    const fake = await start();

    await tagCheckout(fake);
    await tagCheckout(fake, {
      line_items: [
        { product_id: 'sku-11', product_quantity: 2 },
        { product_id: 'sku-15', product_quantity: 1 },
      ],
    });
    await capi(fake, {
      event_time: Math.floor(NOW_MS / 1000) - 10 * 86_400,
      custom_data: { ...(validEvent().custom_data as object), content_ids: ['rejected-sku'] },
    });

    const [row] = fake.ledger.report().conversions;
    expect(row?.copies).toEqual({ tag: 2, capi: 0, capiFailed: 1 });
    expect(row?.contentIds).toEqual(['sku-11', 'sku-15']);
    expect(row?.userDataKeys).toEqual([]);
    expect(row?.clientIpAddress).toBeNull();
    expect(row?.clientUserAgent).toBeNull();
  });

  it('reports no products when neither copy has any', async () => {
    const fake = await start();

    await tagCheckout(fake);
    await capi(fake, {
      custom_data: { currency: 'USD', value: '116.00', order_id: '1001' },
    });

    const [row] = fake.ledger.report().conversions;
    expect(row?.channels).toEqual(['tag', 'capi']);
    expect(row?.contentIds).toEqual([]);
  });

  it('reports a tag-only conversion as missing_capi', async () => {
    const fake = await start();

    await tagCheckout(fake);

    const [row] = fake.ledger.report().conversions;
    expect(row?.channels).toEqual(['tag']);
    expect(row?.deduplicated).toBe(false);
    expect(codes(row)).toEqual(['missing_capi']);
    expect(row?.problems[0]?.severity).toBe('error');
    expect(row?.problems[0]?.message).toBe(
      'Only the tag sent event_id "evt-1001"; no accepted CAPI copy has arrived yet. Pinterest deduplicates copies that arrive within 24 h of each other.',
    );
  });

  it('warns of a tag-only page visit', async () => {
    const fake = await start();

    await tagCheckout(fake, {}, 'pagevisit');

    const [row] = fake.ledger.report().conversions;
    expect(codes(row)).toEqual(['missing_capi']);
    expect(row?.problems[0]?.severity).toBe('warning');
  });

  it('reports a CAPI-only conversion as missing_tag', async () => {
    const fake = await start();

    await capi(fake);

    const [row] = fake.ledger.report().conversions;
    expect(row?.channels).toEqual(['capi']);
    expect(row?.deduplicated).toBe(false);
    expect(codes(row)).toEqual(['missing_tag']);
  });

  it('flags names that do not correspond', async () => {
    const fake = await start();

    await tagCheckout(fake, {}, 'addtocart');
    await capi(fake);

    const [row] = fake.ledger.report().conversions;
    expect(row?.deduplicated).toBe(false);
    expect(row?.channels).toEqual(['tag', 'capi']);
    expect(codes(row)).toContain('event_name_mismatch');
    expect(row?.problems.find((problem) => problem.code === 'event_name_mismatch')?.message).toContain(
      'tag add_to_cart, capi checkout',
    );
  });

  it('flags two event ids for one order', async () => {
    const fake = await start();

    await tagCheckout(fake, { event_id: 'random-in-browser' });
    await capi(fake, { event_id: 'random-on-server' });

    const rows = fake.ledger.report().conversions;
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(codes(row)).toContain('order_id_multiple_event_ids');
    expect(rows.map((row) => row.deduplicated)).toEqual([false, false]);
  });

  it('does not pair copies more than the window apart', async () => {
    const fake = await start();

    await tagCheckout(fake);
    now += 25 * HOUR_MS;
    await capi(fake, { event_time: Math.floor(now / 1000) - 60 });

    const rows = fake.ledger.report().conversions;
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.deduplicated)).toEqual([false, false]);
    expect(codes(rows[0])).toEqual(['missing_capi']);
    expect(codes(rows[1])).toEqual(['missing_tag', 'outside_dedup_window']);
  });

  it('pairs copies inside the window and honours dedupWindowHours', async () => {
    const fake = await start({ dedupWindowHours: 48 });

    await tagCheckout(fake);
    now += 30 * HOUR_MS;
    await capi(fake, { event_time: Math.floor(now / 1000) - 60 });

    const rows = fake.ledger.report().conversions;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.deduplicated).toBe(true);
  });

  it('never deduplicates offline events', async () => {
    const fake = await start();

    await tagCheckout(fake);
    await capi(fake, { action_source: 'offline' });

    const [row] = fake.ledger.report().conversions;
    expect(row?.deduplicated).toBe(false);
    expect(row?.actionSource).toBe('offline');
    expect(codes(row)).toEqual(['offline_not_deduplicated']);
  });

  it('reports a lone offline event without missing_tag', async () => {
    const fake = await start();

    await capi(fake, { action_source: 'offline' });

    const [row] = fake.ledger.report().conversions;
    expect(codes(row)).toEqual([]);
  });

  it('attaches a tag copy without event_id by order id and flags it', async () => {
    const fake = await start();

    await tagCheckout(fake, { event_id: undefined });
    await capi(fake);

    const rows = fake.ledger.report().conversions;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.deduplicated).toBe(false);
    expect(codes(rows[0])).toEqual(['event_id_missing']);
  });

  it('keeps a tag copy without event_id and order id on its own row', async () => {
    const fake = await start();

    await sendBeacon(fake, { event: 'pagevisit' }, { forwardedFor: SHOPPER_IP });

    const [row] = fake.ledger.report().conversions;
    expect(row?.eventName).toBe('page_visit');
    expect(row?.id).toMatch(/^seq\//);
    expect(codes(row)).toEqual(['missing_capi', 'event_id_missing']);
  });

  it('flags the server IP and user agent in place of the shopper', async () => {
    const fake = await start();

    await tagCheckout(fake);
    await capi(fake, {
      user_data: {
        ...(validEvent().user_data as object),
        client_ip_address: '127.0.0.1',
        client_user_agent: 'node',
      },
    });

    const [row] = fake.ledger.report().conversions;
    expect(row?.deduplicated).toBe(true);
    expect(codes(row)).toEqual([
      'client_ip_mismatch',
      'client_user_agent_mismatch',
      'server_ip_as_client_ip',
      'server_user_agent',
    ]);
  });

  it('accepts the browser address shared with the server', async () => {
    const fake = await start();

    // Shop, browser and fake on one machine: the beacon comes from 127.0.0.1 like the CAPI request,
    // and the CAPI request carries the browser's user agent as its own.
    await sendBeacon(fake, { event: 'checkout', ed: { event_id: 'evt-1001', value: 116, currency: 'USD' } });
    await postEvents(
      fake,
      {
        data: [
          validEvent({
            user_data: { ...(validEvent().user_data as object), client_ip_address: '::ffff:127.0.0.1' },
          }),
        ],
      },
      { headers: { 'user-agent': BROWSER_USER_AGENT } },
    );

    const [row] = fake.ledger.report().conversions;
    expect(row?.deduplicated).toBe(true);
    expect(row?.problems).toEqual([]);
  });

  it('flags a private address the browser did not use', async () => {
    const fake = await start();

    await tagCheckout(fake);
    await capi(fake, { user_data: { ...(validEvent().user_data as object), client_ip_address: '10.1.2.3' } });

    const problem = fake.ledger
      .report()
      .conversions[0]?.problems.find((candidate) => candidate.code === 'server_ip_as_client_ip');
    expect(problem?.severity).toBe('error');
    expect(problem?.message).toContain(`the browser sent the tag copy from ${SHOPPER_IP}`);
  });

  it.each([
    ['the request source without a tag copy', '127.0.0.1'],
    ['a private address without a tag copy', '10.1.2.3'],
    ['IPv6 loopback without a tag copy', '::1'],
  ])('warns of %s as client_ip_address', async (_case, address) => {
    const fake = await start();

    await capi(fake, { user_data: { ...(validEvent().user_data as object), client_ip_address: address } });

    const problem = fake.ledger
      .report()
      .conversions[0]?.problems.find((candidate) => candidate.code === 'server_ip_as_client_ip');
    expect(problem?.severity).toBe('warning');
    expect(problem?.message).toContain('on one machine');
  });

  it('flags the request user agent that differs from the browser', async () => {
    const fake = await start();

    await tagCheckout(fake);
    await postEvents(fake, { data: [validEvent()] }, { headers: { 'user-agent': 'Mozilla/5.0 Shop' } });
    await postEvents(
      fake,
      {
        data: [
          validEvent({
            event_id: 'evt-1002',
            user_data: { ...(validEvent().user_data as object), client_user_agent: 'Mozilla/5.0 Shop' },
            custom_data: { ...(validEvent().custom_data as object), order_id: '1002' },
          }),
        ],
      },
      { headers: { 'user-agent': 'Mozilla/5.0 Shop' } },
    );
    await tagCheckout(fake, { event_id: 'evt-1002', order_id: '1002' });

    const [matching, serverAgent] = fake.ledger.report().conversions;
    expect(codes(matching)).toEqual([]);
    expect(codes(serverAgent)).toEqual(['client_user_agent_mismatch', 'server_user_agent']);
  });

  it('flags an HTTP library user agent', async () => {
    const fake = await start();

    await capi(fake, {
      user_data: { ...(validEvent().user_data as object), client_user_agent: 'axios/1.7.2' },
    });

    expect(codes(fake.ledger.report().conversions[0])).toContain('server_user_agent');
  });

  it('flags unhashed PII that lenient hashing let in', async () => {
    const fake = await start({ strictHashing: false });

    await capi(fake, { user_data: { ...(validEvent().user_data as object), em: ['shopper@example.com'] } });

    const [row] = fake.ledger.report().conversions;
    expect(codes(row)).toContain('unhashed_pii');
    expect(JSON.stringify(row?.problems)).not.toContain('shopper@example.com');
  });

  it('flags a missing click id', async () => {
    const fake = await start();
    const { click_id: _clickId, ...userData } = validEvent().user_data as Record<string, unknown>;

    await capi(fake, { user_data: userData });

    const [row] = fake.ledger.report().conversions;
    expect(row?.clickIdPresent).toBe(false);
    expect(row?.problems.find((problem) => problem.code === 'click_id_missing')?.severity).toBe('warning');
  });

  it('flags a checkout without value or currency on each channel', async () => {
    const fake = await start();

    await tagCheckout(fake, { value: undefined });
    await capi(fake, { custom_data: { order_id: '1001', value: '116.00' } });

    const problems = fake.ledger.report().conversions[0]?.problems ?? [];
    const checkoutProblems = problems.filter(
      (problem) => problem.code === 'checkout_without_value_or_currency',
    );
    expect(checkoutProblems.map((problem) => problem.channel)).toEqual(['tag', 'capi']);
    expect(checkoutProblems[0]?.message).toContain('no value');
    expect(checkoutProblems[1]?.message).toContain('no currency');
  });

  it('shows a rejected CAPI copy with Pinterest’s message', async () => {
    const fake = await start();

    await tagCheckout(fake);
    await capi(fake, { event_time: Math.floor(NOW_MS / 1000) - 10 * 86_400 });

    const [row] = fake.ledger.report().conversions;
    expect(row?.copies).toEqual({ tag: 1, capi: 0, capiFailed: 1 });
    expect(codes(row)).toEqual(['missing_capi', 'capi_rejected']);
    expect(row?.problems[1]?.message).toContain('Given timestamp is in the past');
  });

  it('flags a copy repeated on one channel', async () => {
    const fake = await start();

    await tagCheckout(fake);
    await capi(fake);
    await capi(fake);

    const [row] = fake.ledger.report().conversions;
    expect(row?.deduplicated).toBe(true);
    expect(codes(row)).toEqual(['repeated_on_channel']);
  });

  it('flags a tag id that maps to no ad account', async () => {
    const fake = await start();

    await sendBeacon(fake, {
      tid: '9999999999999',
      event: 'checkout',
      ed: { event_id: 'evt-1001', value: 1, currency: 'USD' },
    });
    await capi(fake);

    const rows = fake.ledger.report().conversions;
    expect(rows).toHaveLength(2);
    expect(codes(rows[0])).toContain('tag_not_mapped');
    expect(rows[0]?.adAccountId).toBeNull();
  });

  it('maps tag ids to ad accounts with the tags option', async () => {
    const fake = await start({
      accounts: [{ adAccountId: '777', conversionToken: 'token' }],
      tags: [{ tagId: '2620000000777', adAccountId: '777' }],
    });

    await sendBeacon(
      fake,
      { tid: '2620000000777', event: 'lead', ed: { event_id: 'lead-1' } },
      { forwardedFor: SHOPPER_IP },
    );
    await postEvents(
      fake,
      { data: [validEvent({ event_name: 'lead', event_id: 'lead-1', custom_data: undefined })] },
      { adAccountId: '777', token: 'token' },
    );

    const [row] = fake.ledger.report().conversions;
    expect(row?.adAccountId).toBe('777');
    expect(row?.deduplicated).toBe(true);
  });

  it('keeps init beacons out of the conversions', async () => {
    const fake = await start();

    await sendBeacon(fake, { event: 'init' });

    expect(fake.ledger.events()).toHaveLength(1);
    expect(fake.ledger.report().conversions).toEqual([]);
  });

  it('records nothing for ?test=true', async () => {
    const fake = await start();

    await capi(fake, {}, { query: '?test=true' });

    expect(fake.ledger.report().totals.events).toBe(0);
  });
});

describe('coverage', () => {
  it('computes shares and dedup rates', async () => {
    const fake = await start();
    const { click_id: _clickId, em: _em, ...bare } = validEvent().user_data as Record<string, unknown>;

    await tagCheckout(fake);
    await capi(fake);
    await capi(fake, {
      event_id: 'evt-2002',
      custom_data: { order_id: '2002', value: '5.00', currency: 'USD' },
      user_data: bare,
    });
    await sendBeacon(
      fake,
      { event: 'addtocart', ed: { value: 5, currency: 'USD' } },
      { forwardedFor: SHOPPER_IP },
    );

    const { coverage } = fake.ledger.report();
    expect(coverage.capi).toEqual({ events: 2, withEm: 0.5, withIpAndUserAgent: 1, withClickId: 0.5 });
    expect(coverage.tag).toEqual({ events: 2, withEventId: 0.5 });
    expect(coverage.dedupRateByEventName).toEqual({
      checkout: { conversions: 2, deduplicated: 1, rate: 0.5 },
      add_to_cart: { conversions: 1, deduplicated: 0, rate: 0 },
    });
  });

  it('reports null shares when nothing arrived', async () => {
    const fake = await start();

    const report = fake.ledger.report();

    expect(report.coverage.capi.withEm).toBeNull();
    expect(report.coverage.tag.withEventId).toBeNull();
    expect(report.generatedAt).toBe(new Date(NOW_MS).toISOString());
    expect(report.version).toBe(1);
  });
});

describe('ledger endpoints', () => {
  it('serves the same report as JSON', async () => {
    const fake = await start();
    await tagCheckout(fake);
    await capi(fake);

    const served = await (await fetch(fake.reportJsonUrl)).json();

    expect(served).toEqual(fake.ledger.report());
  });

  it('lists events and clears them with DELETE /_testkit/ledger', async () => {
    const fake = await start();
    await tagCheckout(fake);

    const listed = await (await fetch(`${fake.url}/_testkit/ledger`)).json();
    const cleared = await fetch(`${fake.url}/_testkit/ledger`, { method: 'DELETE' });

    expect(listed).toHaveLength(1);
    expect(listed[0].channel).toBe('tag');
    expect(listed[0].clientAddress).toBe(SHOPPER_IP);
    expect(listed[0].userAgent).toBe(BROWSER_USER_AGENT);
    expect(cleared.status).toBe(204);
    expect(fake.ledger.events()).toEqual([]);
  });

  it('ignores X-Forwarded-For unless trusted', async () => {
    const fake = await start({ trustForwardedFor: false });

    await tagCheckout(fake);

    const [event] = fake.ledger.events();
    expect(event?.channel).toBe('tag');
    expect((event as TagLedgerEvent).clientAddress).toBe('127.0.0.1');
  });

  it('clears with ledger.clear()', async () => {
    const fake = await start();
    await capi(fake);

    fake.ledger.clear();

    expect(fake.ledger.report().conversions).toEqual([]);
  });
});

describe('waitForReport', () => {
  it('resolves when a later event makes the predicate hold', async () => {
    const fake = await start();
    await tagCheckout(fake);

    const waiting = fake.ledger.waitForReport((report) => report.totals.deduplicated === 1);
    await capi(fake);
    const report = await waiting;

    expect(report.conversions[0]?.channels).toEqual(['tag', 'capi']);
  });

  it('resolves at once when the predicate already holds', async () => {
    const fake = await start();

    const report = await fake.ledger.waitForReport((current) => current.totals.events === 0);

    expect(report.conversions).toEqual([]);
  });

  it('rejects after timeoutMs with the counts it saw', async () => {
    const fake = await start();
    await tagCheckout(fake);

    await expect(
      fake.ledger.waitForReport((report) => report.totals.deduplicated === 1, { timeoutMs: 20 }),
    ).rejects.toThrow(
      'Timed out after 20 ms waiting for a matching ledger report; the ledger contains 1 tag and 0 CAPI events',
    );
  });
});
