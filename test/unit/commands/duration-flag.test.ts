import { describe, expect, it } from 'vitest';
import { parseDurationFlag } from '../../../src/commands/flags.js';

describe('duration flags (--timeout of deploy, rollback and rm, --lock-timeout, --manager-timeout)', () => {
  it('reads Go durations and plain seconds', () => {
    expect(parseDurationFlag('timeout', '10m')).toBe(600_000);
    expect(parseDurationFlag('timeout', '1m30s')).toBe(90_000);
    expect(parseDurationFlag('timeout', '500ms')).toBe(500);
    expect(parseDurationFlag('timeout', '45')).toBe(45_000);
    expect(parseDurationFlag('timeout', '1.5h')).toBe(5_400_000);
    expect(parseDurationFlag('timeout', '2m0.5s')).toBe(120_500);
    expect(parseDurationFlag('timeout', '1500us')).toBe(1.5);
    expect(parseDurationFlag('timeout', '1h2m3s4ms')).toBe(3_723_004);
  });

  it('refuses zero and negative durations', () => {
    expect(() => parseDurationFlag('timeout', '0')).toThrow('--timeout: "0" must be longer than zero');
    expect(() => parseDurationFlag('timeout', '0s')).toThrow(/longer than zero/);
    expect(() => parseDurationFlag('timeout', '-5s')).toThrow(/not a duration/);
  });

  it('refuses anything else with the flag name', () => {
    expect(() => parseDurationFlag('lock-timeout', '5 minutes')).toThrow('--lock-timeout: "5 minutes" is not a duration');
    expect(() => parseDurationFlag('timeout', '10x')).toThrow(/not a duration/);
  });
});
