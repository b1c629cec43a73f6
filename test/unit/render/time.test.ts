import { describe, expect, it } from 'vitest';
import { ago, elapsed, humanDuration, localTime } from '../../../src/render/time.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (go-units HumanDuration, which docker uses for ages)', () => {
  it.each([
    [0, 'Less than a second'],
    [999, 'Less than a second'],
    [1 * S, '1 second'],
    [59 * S + 999, '59 seconds'],
    [60 * S, 'About a minute'],
    [119 * S, 'About a minute'],
    [2 * M, '2 minutes'],
    [59 * M, '59 minutes'],
    [60 * M, 'About an hour'],
    [89 * M, 'About an hour'],
    [90 * M, '2 hours'],
    [47 * H, '47 hours'],
    [48 * H, '2 days'],
    [13 * D, '13 days'],
    [14 * D, '2 weeks'],
    [59 * D, '8 weeks'],
    [60 * D, '2 months'],
    [729 * D, '24 months'],
    [730 * D, '2 years'],
  ])('%i ms is "%s"', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('ago', () => {
  const now = new Date('2026-01-02T03:04:05Z');
  it('writes ages in lower case with "ago"', () => {
    expect(ago('2026-01-02T03:04:02Z', now)).toBe('3 seconds ago');
    expect(ago('2026-01-02T03:04:05Z', now)).toBe('less than a second ago');
    expect(ago('2026-01-02T02:04:05Z', now)).toBe('about an hour ago');
  });
  it('treats a time in the future as now, and an unreadable one as unknown', () => {
    expect(ago('2026-01-02T03:05:00Z', now)).toBe('less than a second ago');
    expect(ago('not a time', now)).toBe('');
    expect(ago(undefined, now)).toBe('');
  });
});

describe('localTime', () => {
  it('writes YYYY-MM-DD HH:MM:SS in the given zone', () => {
    expect(localTime('2026-01-02T03:04:05.678Z', 'UTC')).toBe('2026-01-02 03:04:05');
    expect(localTime('2026-01-02T23:30:00Z', 'Europe/Berlin')).toBe('2026-01-03 00:30:00');
    expect(localTime('2026-07-01T00:00:00Z', 'America/New_York')).toBe('2026-06-30 20:00:00');
  });
  it('returns an unreadable time unchanged', () => {
    expect(localTime('yesterday', 'UTC')).toBe('yesterday');
  });
});

describe('elapsed', () => {
  it.each([
    [undefined, '-'],
    [400, '<1s'],
    [12_345, '12s'],
    [59_400, '59s'],
    [125_000, '2m05s'],
    [3_720_000, '1h02m'],
  ])('%s ms is "%s"', (ms, text) => {
    expect(elapsed(ms)).toBe(text);
  });
});
