import { createHash, timingSafeEqual } from 'node:crypto';

/** Shortest ADMIN_TOKEN the server accepts: 16 characters (with `openssl rand -hex 32`, use 64). */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

/** How tokens are reduced and compared; injected so a test can see that every comparison is of digests. */
export interface TokenCompare {
  digest(text: string): Buffer;
  equal(a: Buffer, b: Buffer): boolean;
}

/** SHA-256 digests compared with `crypto.timingSafeEqual`. */
export const SHA256_COMPARE: TokenCompare = {
  digest: (text) => createHash('sha256').update(text, 'utf8').digest(),
  equal: (a, b) => timingSafeEqual(a, b),
};

/**
 * A check of presented tokens against the configured one whose time tells an attacker nothing about it.
 * `===` returns at the first differing character (the time leaks how much of a guess is right);
 * `timingSafeEqual` alone throws on inputs of different lengths, and testing the length first leaks the
 * length. So both sides are hashed to 32 bytes and the digests compared in constant time: every wrong
 * token, short, long or nearly right, takes the same path. (Hashing a presented token takes time in
 * proportion to its own length, which the sender knows already.)
 */
export function tokenChecker(
  expected: string,
  compare: TokenCompare = SHA256_COMPARE,
): (presented: string) => boolean {
  const want = compare.digest(expected);
  return (presented) => compare.equal(compare.digest(presented), want);
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750; the scheme is case-insensitive). */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const m = /^Bearer +(\S+) *$/i.exec(header);
  return m?.[1] ?? null;
}

/** What is wrong with a configured ADMIN_TOKEN, or null. Never repeats the token itself. */
export function adminTokenProblem(token: string): string | null {
  if (token === '') return null;
  if (token.length < MIN_ADMIN_TOKEN_LENGTH)
    return `ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (got ${token.length}); try \`openssl rand -hex 32\``;
  // It travels in an HTTP header and is typed or pasted into the admin page.
  if (!/^[\x21-\x7e]+$/.test(token))
    return 'ADMIN_TOKEN must be printable ASCII without spaces (letters, digits, punctuation)';
  return null;
}
