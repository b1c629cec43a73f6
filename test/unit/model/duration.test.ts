import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/model/duration.js';

describe('formatDuration (Go time.Duration.String)', () => {
  it.each([
    [0, '0s'],
    [500, '500ns'],
    [1_500, '1.5µs'],
    [300_000_000, '300ms'],
    [1_000_000_000, '1s'],
    [90_000_000_000, '1m30s'],
    [3_600_000_000_000, '1h0m0s'],
    [3_723_500_000_000, '1h2m3.5s'],
    [-2_000_000_000, '-2s'],
  ])('%d ns is %s', (ns, text) => {
    expect(formatDuration(ns)).toBe(text);
  });
});
