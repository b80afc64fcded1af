// Tests for IP parsing and the non-public address check.

import { describe, expect, it } from 'vitest';
import { isNonPublicIp, parseIp } from './ip-address.js';

function nonPublic(text: string): boolean {
  const ip = parseIp(text);
  if (!ip) throw new Error(`${text} did not parse`);
  return isNonPublicIp(ip);
}

describe('parseIp', () => {
  it.each([
    ['203.0.113.7', { version: 4, bytes: [203, 0, 113, 7] }],
    ['::1', { version: 6, groups: [0, 0, 0, 0, 0, 0, 0, 1] }],
    ['2001:db8::7', { version: 6, groups: [0x2001, 0xdb8, 0, 0, 0, 0, 0, 7] }],
    ['::ffff:192.168.1.1', { version: 6, groups: [0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x0101] }],
    ['1:2:3:4:5:6:7:8', { version: 6, groups: [1, 2, 3, 4, 5, 6, 7, 8] }],
  ])('parses %s', (text, expected) => {
    expect(parseIp(text)).toEqual(expected);
  });

  it.each([
    ['256.1.1.1'],
    ['1.2.3'],
    ['01.2.3.4'],
    ['1:2:3:4:5:6:7:8:9'],
    ['1::2::3'],
    ['1:2:3:4:5:6:7'],
    ['fe80::1%eth0'],
    ['12345::'],
    [''],
    ['example.com'],
  ])('rejects %j', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });
});

describe('isNonPublicIp', () => {
  it.each([
    ['10.0.0.1'],
    ['172.16.0.1'],
    ['172.31.255.255'],
    ['192.168.1.1'],
    ['127.0.0.1'],
    ['169.254.169.254'],
    ['100.64.0.1'],
    ['100.127.255.255'],
    ['0.0.0.0'],
    ['224.0.0.1'],
    ['255.255.255.255'],
    ['::1'],
    ['::'],
    ['fc00::1'],
    ['fd12:3456::1'],
    ['fe80::1'],
    ['febf::1'],
    ['::ffff:10.0.0.1'],
    ['::ffff:127.0.0.1'],
    ['64:ff9b::192.168.0.1'],
  ])('flags %s', (text) => {
    expect(nonPublic(text)).toBe(true);
  });

  it.each([
    ['203.0.113.7'],
    ['198.51.100.1'],
    ['192.0.2.1'],
    ['8.8.8.8'],
    ['172.15.255.255'],
    ['172.32.0.1'],
    ['100.63.255.255'],
    ['100.128.0.1'],
    ['2001:db8::1'],
    ['2606:4700::1111'],
    ['::ffff:203.0.113.7'],
    ['fec0::1'],
  ])('accepts %s as public', (text) => {
    expect(nonPublic(text)).toBe(false);
  });
});
