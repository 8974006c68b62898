import { describe, expect, it } from 'vitest';
import { planFromFlags } from '../src/cli/parse-options.js';
import { buildProgram, type RawFlags } from '../src/cli/program.js';
import { runCli } from '../src/cli/run-cli.js';
import { LoadtestErrorCode } from '../src/errors.js';

function plan(args: string[]) {
  const p = buildProgram().exitOverride();
  p.parse(args, { from: 'user' });
  return planFromFlags(p.args[0] ?? '', p.opts<RawFlags>());
}

function capture() {
  let stdout = '';
  let stderr = '';
  return {
    out: { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } },
    text: () => ({ stdout, stderr }),
  };
}

describe('--agents flags', () => {
  it('reads --agents N --redis URL with the waiting and heartbeat limits', () => {
    expect(plan(['http://h:3000']).agents).toBeNull();
    expect(
      plan(['http://h:3000', '--agents', '2', '--redis', 'redis://10.0.0.5:6379', '--agent-timeout', '3'])
        .agents,
    ).toEqual({ count: 2, redisUrl: 'redis://10.0.0.5:6379', waitMs: 10_000, lostAfterMs: 3000 });
  });

  it('refuses --agents without --redis, --redis alone, and a Redis URL that is not one', () => {
    for (const [args, message] of [
      [['--agents', '2'], /--agents needs --redis URL/],
      [['--redis', 'redis://h'], /--redis is for --agents/],
      [['--agents', '2', '--redis', 'http://h:6379'], /not a redis:\/\/ or rediss:\/\/ URL/],
      [['--agents', '0', '--redis', 'redis://h'], /--agents must be a whole number from 1/],
    ] as const) {
      expect(() => plan(['http://h:3000', ...args])).toThrow(message);
      try {
        plan(['http://h:3000', ...args]);
      } catch (err) {
        expect((err as { code: string }).code).toBe(LoadtestErrorCode.BAD_FLAGS);
      }
    }
  });
});

describe('tick-arena-loadtest agent', () => {
  it('needs --redis and says so in one line (exit 2)', async () => {
    const c = capture();
    expect(await runCli(['agent'], c.out)).toBe(2);
    expect(c.text().stderr).toBe(
      "tick-arena-loadtest agent: required option '--redis <url>' not specified (see --help)\n",
    );
  });

  it('refuses a name that cannot be a key and a bad worker count before touching Redis', async () => {
    const c = capture();
    expect(await runCli(['agent', '--redis', 'redis://127.0.0.1:1', '--name', 'two words'], c.out)).toBe(2);
    expect(c.text().stderr).toMatch(/^tick-arena-loadtest agent: --name "two words": use letters, digits/);
    const d = capture();
    expect(await runCli(['agent', '--redis', 'redis://127.0.0.1:1', '--workers', '0'], d.out)).toBe(2);
    expect(d.text().stderr).toMatch(/--workers must be a whole number from 1 to 256/);
  });

  it('prints its help', async () => {
    const c = capture();
    expect(await runCli(['--', 'agent', '--help'], c.out)).toBe(0);
    expect(c.text().stdout).toMatch(/Usage: tick-arena-loadtest agent \[options\]/);
    expect(c.text().stdout).toMatch(/--coordinator-timeout <s>/);
  });
});
