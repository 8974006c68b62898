import { describe, expect, it } from 'vitest';
import { CONFIG_OPTIONS, ConfigError, helpText, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      tickRate: 30,
      snapshotEvery: 1,
      reconnectGraceSeconds: 30,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads environment variables and lets CLI flags win', () => {
    const c = loadConfig({ PORT: '4000', TICK_RATE: '60' }, ['--tick-rate', '20']);
    expect(c.port).toBe(4000);
    expect(c.tickRate).toBe(20);
  });

  it('lists every invalid value in one error, naming the variable or flag', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'abc', TICK_RATE: '500', LOG_LEVEL: 'loud' }, ['--max-rooms', '0']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT must be an integer from 0 to 65535 \(got "abc"\)/);
    expect(problems.join('\n')).toMatch(/TICK_RATE must be an integer from 10 to 128 \(got "500"\)/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of/);
    expect(problems.join('\n')).toMatch(/--max-rooms must be an integer/);
  });

  it('bounds lag compensation with MAX_REWIND_MS: 250 ms by default, 0 (off) to 1000 ms', () => {
    expect(loadConfig({}).maxRewindMs).toBe(250);
    expect(loadConfig({ MAX_REWIND_MS: '0' }).maxRewindMs).toBe(0);
    expect(loadConfig({ MAX_REWIND_MS: '100' }, ['--max-rewind', '1000']).maxRewindMs).toBe(1000);
    for (const bad of ['-1', '1001', '2.5', '', 'lots']) {
      expect(() => loadConfig({ MAX_REWIND_MS: bad })).toThrow(
        /MAX_REWIND_MS must be an integer from 0 to 1000/,
      );
    }
  });

  it('runs without Redis by default and names a node at random when NODE_ID is unset', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ redisUrl: '', publicUrl: '' });
    expect(c.nodeId).toMatch(/^node-[0-9a-f]{8}$/);
    expect(loadConfig({}).nodeId).not.toBe(c.nodeId);
  });

  it('checks REDIS_URL, PUBLIC_URL and NODE_ID', () => {
    const ok = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', PUBLIC_URL: 'https://eu1.example.com' }, [
      '--node-id',
      'eu-1',
    ]);
    expect(ok).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', nodeId: 'eu-1' });
    let err: unknown;
    try {
      loadConfig({ REDIS_URL: 'http://x', PUBLIC_URL: 'eu1.example.com', NODE_ID: 'a b' });
    } catch (e) {
      err = e;
    }
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL \(got "http:\/\/x"\)/);
    expect(problems).toMatch(/PUBLIC_URL must be an http:\/\/ or https:\/\/ URL/);
    expect(problems).toMatch(/NODE_ID must be 1-64 letters/);
  });

  it('rejects an unknown flag', () => {
    expect(() => loadConfig({}, ['--tickrate', '30'])).toThrow(/Unknown option '--tickrate'/);
  });

  it('documents every option in --help', () => {
    const help = helpText();
    for (const o of CONFIG_OPTIONS) {
      expect(help).toContain(`--${o.flag}`);
      expect(help).toContain(o.env);
    }
  });
});
