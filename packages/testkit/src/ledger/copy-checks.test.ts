// The client address rules for a shop server with a public address, which the HTTP tests cannot
// produce because every request there comes from 127.0.0.1.

import { describe, expect, it } from 'vitest';
import { BROWSER_USER_AGENT, NOW_MS, validEvent } from '../__tests__/capi-fixtures.js';
import { toConversionCopy } from './copies.js';
import { checkCapiCopy } from './copy-checks.js';
import type { CapiLedgerEvent, TagLedgerEvent } from './types.js';

const SERVER_IP = '198.51.100.20';
const SHOPPER_IP = '203.0.113.9';

/** Builds a CAPI copy sent from `SERVER_IP` with `client_ip_address` set to `clientIp`. */
function capiCopy(clientIp: string) {
  const payload = validEvent({
    user_data: { ...(validEvent().user_data as object), client_ip_address: clientIp },
  });
  const event: CapiLedgerEvent = {
    seq: 2,
    channel: 'capi',
    receivedAt: NOW_MS,
    sourceAddress: SERVER_IP,
    userAgent: 'node',
    adAccountId: '549700000001',
    eventName: 'checkout',
    eventId: 'evt-1001',
    requestSeq: 1,
    index: 0,
    actionSource: 'web',
    status: 'processed',
    errorMessage: null,
    warningMessage: null,
    payload,
  };
  return toConversionCopy(event);
}

/** Builds a tag copy that the browser sent from `clientAddress`. */
function tagCopy(clientAddress: string) {
  const event: TagLedgerEvent = {
    seq: 1,
    channel: 'tag',
    receivedAt: NOW_MS,
    sourceAddress: clientAddress,
    userAgent: BROWSER_USER_AGENT,
    adAccountId: '549700000001',
    eventName: 'checkout',
    eventId: 'evt-1001',
    tagId: '2620000000001',
    clientAddress,
    payload: {
      tid: '2620000000001',
      event: 'checkout',
      ed: { event_id: 'evt-1001' },
      ad: undefined,
      pd: undefined,
      cb: undefined,
      noscript: false,
      malformed: [],
    },
  };
  return toConversionCopy(event);
}

describe('client address check with a public server address', () => {
  it('flags the server address without a tag copy', () => {
    const [problem] = checkCapiCopy(capiCopy(SERVER_IP), []);

    expect(problem?.code).toBe('server_ip_as_client_ip');
    expect(problem?.severity).toBe('error');
    expect(problem?.message).toContain('the address the CAPI request came from');
  });

  it('flags the server address the browser did not use', () => {
    const [problem] = checkCapiCopy(capiCopy(SERVER_IP), [tagCopy(SHOPPER_IP)]);

    expect(problem?.severity).toBe('error');
    expect(problem?.message).toContain(`the browser sent the tag copy from ${SHOPPER_IP}`);
  });

  it('accepts the server address the browser used', () => {
    expect(checkCapiCopy(capiCopy(SERVER_IP), [tagCopy(SERVER_IP)])).toEqual([]);
  });

  it('accepts another public address without a tag copy', () => {
    expect(checkCapiCopy(capiCopy(SHOPPER_IP), [])).toEqual([]);
  });
});
