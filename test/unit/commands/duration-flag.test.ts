import { describe, expect, it } from 'vitest';
import { parseDurationFlag } from '../../../src/commands/flags.js';

describe('duration flags (--timeout, --lock-timeout)', () => {
  it('reads Go durations and plain seconds', () => {
    expect(parseDurationFlag('timeout', '10m')).toBe(600_000);
    expect(parseDurationFlag('timeout', '1m30s')).toBe(90_000);
    expect(parseDurationFlag('timeout', '500ms')).toBe(500);
    expect(parseDurationFlag('timeout', '45')).toBe(45_000);
  });

  it('refuses anything else with the flag name', () => {
    expect(() => parseDurationFlag('lock-timeout', '5 minutes')).toThrow('--lock-timeout: "5 minutes" is not a duration');
    expect(() => parseDurationFlag('timeout', '10x')).toThrow(/not a duration/);
  });
});
