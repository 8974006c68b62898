import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIp } from '../src/net/admission.js';

/** A handshake request as far as `clientIp` reads it. */
function req(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
}

describe('clientIp', () => {
  it('ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(clientIp(req('10.0.0.9', '203.0.113.7'), 0)).toBe('10.0.0.9');
  });

  it('takes the address the one trusted proxy saw: the rightmost entry, not one the client wrote', () => {
    // nginx's $proxy_add_x_forwarded_for appends the peer it saw to whatever the client sent.
    expect(clientIp(req('127.0.0.1', '203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientIp(req('127.0.0.1', '6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
  });

  it('counts N entries from the right behind N proxies, and uses the leftmost when there are fewer', () => {
    expect(clientIp(req('127.0.0.1', '6.6.6.6, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7');
    expect(clientIp(req('127.0.0.1', '203.0.113.7'), 3)).toBe('203.0.113.7');
  });

  it('falls back to the peer without the header, and reads IPv4-mapped IPv6 as IPv4', () => {
    expect(clientIp(req('::ffff:192.0.2.4'), 1)).toBe('192.0.2.4');
    expect(clientIp(req('127.0.0.1', ' , '), 1)).toBe('127.0.0.1');
    expect(clientIp(req('127.0.0.1', '::ffff:198.51.100.2'), 1)).toBe('198.51.100.2');
    expect(clientIp(req('2001:db8::1'), 0)).toBe('2001:db8::1');
  });
});
