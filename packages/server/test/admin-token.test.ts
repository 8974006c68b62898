import { describe, expect, it } from 'vitest';
import {
  MIN_ADMIN_TOKEN_LENGTH,
  SHA256_COMPARE,
  adminTokenProblem,
  bearerToken,
  tokenChecker,
  type TokenCompare,
} from '../src/admin/token-check.js';
import { ConfigError, helpText, loadConfig } from '../src/config.js';

const TOKEN = 'correct-horse-battery-staple-42';

/** SHA-256 as in production, recording what is hashed and the sizes of what is compared. */
function recordingCompare() {
  const digested: string[] = [];
  const compared: [number, number][] = [];
  const compare: TokenCompare = {
    digest: (text) => {
      digested.push(text);
      return SHA256_COMPARE.digest(text);
    },
    equal: (a, b) => {
      compared.push([a.length, b.length]);
      return SHA256_COMPARE.equal(a, b);
    },
  };
  return { compare, digested, compared };
}

describe('admin token check', () => {
  it('accepts the configured token and rejects others, whatever their length', () => {
    const check = tokenChecker(TOKEN);
    expect(check(TOKEN)).toBe(true);
    for (const wrong of ['', 'x', TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase(), 'y'.repeat(10_000)]) {
      expect(check(wrong)).toBe(false);
    }
  });

  it('hashes every presented token and compares 32-byte digests only, so a wrong length takes the same path', () => {
    const { compare, digested, compared } = recordingCompare();
    const check = tokenChecker(TOKEN, compare);
    expect(digested).toEqual([TOKEN]);
    const presented = ['short', TOKEN.replace('4', '5'), 'z'.repeat(500), TOKEN];
    expect(presented.map(check)).toEqual([false, false, false, true]);
    // One digest and one constant-time comparison per presented token, never a comparison of raw tokens.
    expect(digested.slice(1)).toEqual(presented);
    expect(compared).toEqual(presented.map(() => [32, 32]));
  });

  it('would throw on tokens of different lengths without the hashing (what the digests are for)', () => {
    expect(() => SHA256_COMPARE.equal(Buffer.from('short'), Buffer.from(TOKEN))).toThrow();
  });

  it('reads the token of an Authorization: Bearer header only', () => {
    expect(bearerToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('')).toBeNull();
    expect(bearerToken(`Basic ${TOKEN}`)).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken(`Bearer ${TOKEN} extra`)).toBeNull();
  });
});

describe('ADMIN_TOKEN configuration', () => {
  it('is off by default and listed in --help', () => {
    expect(loadConfig({}).adminToken).toBe('');
    expect(helpText()).toMatch(/--admin-token\s+ADMIN_TOKEN\s+.*admin page/);
  });

  it('takes the variable or the flag (the flag wins)', () => {
    expect(loadConfig({ ADMIN_TOKEN: TOKEN }).adminToken).toBe(TOKEN);
    expect(loadConfig({ ADMIN_TOKEN: 'x'.repeat(20) }, ['--admin-token', TOKEN]).adminToken).toBe(TOKEN);
  });

  it(`refuses a token shorter than ${MIN_ADMIN_TOKEN_LENGTH} characters or with spaces, without repeating it`, () => {
    const short = 'hunter2-secret';
    let err: unknown;
    try {
      loadConfig({ ADMIN_TOKEN: short });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const text = (err as ConfigError).message;
    expect(text).toMatch(/ADMIN_TOKEN must be at least 16 characters \(got 14\)/);
    expect(text).not.toContain(short);
    expect(adminTokenProblem('with a space in it!!')).toMatch(/printable ASCII without spaces/);
    expect(adminTokenProblem('x'.repeat(MIN_ADMIN_TOKEN_LENGTH))).toBeNull();
    expect(adminTokenProblem('')).toBeNull();
  });
});
