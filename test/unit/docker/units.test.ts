import { describe, expect, test } from 'vitest';
import { formatGoNumber, parseByteSize, parseGoDuration, parseNanoCpus } from '../../../src/docker/units.js';

describe('parseGoDuration (Go time.ParseDuration)', () => {
  test.each([
    ['0', 0],
    ['10s', 10_000_000_000],
    ['1m30s', 90_000_000_000],
    ['300ms', 300_000_000],
    ['1.5h', 5_400_000_000_000],
    ['2h45m', 9_900_000_000_000],
    ['.5s', 500_000_000],
    ['1.s', 1_000_000_000],
    ['1us', 1_000],
    ['1µs', 1_000],
    ['1μs', 1_000],
    ['42ns', 42],
    ['+5s', 5_000_000_000],
    ['-5s', -5_000_000_000],
    ['-0', 0],
    ['1h1h', 7_200_000_000_000],
    ['0.000000001s', 1],
    ['0.1234567891s', 123_456_789],
    ['2562047h47m16.854775807s', 9_223_372_036_854_775_807],
  ])('%s → %d ns', (text, ns) => {
    expect(parseGoDuration(text)).toBe(ns);
  });

  test.each(['', '10', '1.5', 's', '.s', '1x', '1 s', ' 1s', '1s ', '1S', '--1s', '1e3s', '2562047h47m16.854775808s', '9999999999999h'])(
    '%j is not a duration',
    (text) => {
      expect(parseGoDuration(text)).toBeUndefined();
    },
  );
});

describe('parseByteSize (go-units RAMInBytes)', () => {
  test.each([
    ['0', 0],
    ['512', 512],
    ['512b', 512],
    ['1k', 1024],
    ['1kb', 1024],
    ['1KiB', 1024],
    ['1K', 1024],
    ['64m', 67_108_864],
    ['64MB', 67_108_864],
    ['1g', 1_073_741_824],
    ['1.5g', 1_610_612_736],
    ['1t', 1_099_511_627_776],
    ['1p', 1_125_899_906_842_624],
    ['1 GB', 1_073_741_824],
    ['0.5k', 512],
    ['1.9b', 1],
    ['1e3', 1000],
    ['.5m', 524_288],
    // The last digit, dot or space splits number from unit, so a trailing space means "no unit".
    ['1 ', 1],
  ])('%s → %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  test.each(['', 'lots', '-1', '-1m', '1x', '1kk', '1kbb', '1bb', '1ki', '1mib ', ' 1', 'm'])(
    '%j is not a size',
    (text) => {
      expect(parseByteSize(text)).toBeUndefined();
    },
  );
});

describe('parseNanoCpus (docker ParseCPUs)', () => {
  test.each([
    ['', 0n],
    ['1', 1_000_000_000n],
    ['0.5', 500_000_000n],
    ['0.001', 1_000_000n],
    ['1.25', 1_250_000_000n],
    ['2.', 2_000_000_000n],
    ['.5', 500_000_000n],
    ['1/2', 500_000_000n],
    ['3/4', 750_000_000n],
    ['2e-3', 2_000_000n],
    ['1.5E1', 15_000_000_000n],
    ['0.000000001', 1n],
    ['-1', -1_000_000_000n],
  ])('%j → %d nano-CPUs', (text, nano) => {
    expect(parseNanoCpus(text)).toEqual({ ok: true, nanoCpus: nano });
  });

  test.each(['0.0000000001', '1/3', '1e-10'])('%j is too precise', (text) => {
    expect(parseNanoCpus(text)).toEqual({ ok: false, reason: 'too-precise' });
  });

  test.each(['two', '1/0', '.', '1,5', '0.5 ', 'e3', '1/-2'])('%j is not a number', (text) => {
    expect(parseNanoCpus(text)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('formatGoNumber (Go %v)', () => {
  test.each([
    [1, '1'],
    [1.0, '1'],
    [0.1, '0.1'],
    [0.10, '0.1'],
    [2.5, '2.5'],
    [-3, '-3'],
    [100000.5, '100000.5'],
    [1234567.5, '1.2345675e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e21, '1e+21'],
    [8080, '8080'],
  ])('%d → %s', (value, text) => {
    expect(formatGoNumber(value)).toBe(text);
  });
});
