// Expected values were produced by docker CLI 28.2.2 itself (deploying against a recording fake Engine).
import { describe, expect, it } from 'vitest';
import {
  effectiveCapAddCapDrop,
  normalizeCapability,
  parseGoRat,
  parseNanoCpus,
  parseRestartPolicy,
} from '../../../src/convert/cli-opts.js';
import { ConvertRuleError } from '../../../src/convert/convert-error.js';

describe('cpus → NanoCPUs (exact rational parse × 1e9)', () => {
  it.each([
    ['0.5', 500_000_000],
    ['0.001', 1_000_000],
    ['0.000000001', 1],
    ['1e-9', 1],
    ['1/2', 500_000_000],
    ['1.5e-3', 1_500_000],
    ['1.5E+1', 15_000_000_000],
    ['+.5', 500_000_000],
    ['5.', 5_000_000_000],
    ['-1', -1_000_000_000],
    ['09', 9_000_000_000],
    ['0x1p-1', 500_000_000],
    ['0x1.8p1', 3_000_000_000],
    ['1p1', 2_000_000_000],
    ['0b1.1', 1_500_000_000],
    ['0b1e1', 10_000_000_000],
    ['0o17', 15_000_000_000],
    ['010/8', 1_000_000_000],
    ['0x10/0x4', 4_000_000_000],
    ['0_7/1', 7_000_000_000],
    ['1_000', 1_000_000_000_000],
    ['2_5.5_0', 25_500_000_000],
    ['1e9', 1_000_000_000_000_000_000],
  ])('%s → %d', (value, expected) => {
    expect(parseNanoCpus(value)).toBe(expected);
  });

  it.each(['0.0000000001', '1/3'])('%s is "value is too precise"', (value) => {
    expect(() => parseNanoCpus(value)).toThrow(new ConvertRuleError('CONVERT_CPUS', 'value is too precise'));
  });

  it.each(['abc', '1__0', '_1', '1_', '0.5_', '1/0', '1/-2', ' 1', '1 /2', '1e', '0.25e', '0x', '.', '08/1', '1/2/3', ''])(
    '%j is not a rational number',
    (value) => {
      expect(() => parseNanoCpus(value)).toThrow(`failed to parse ${value} as a rational number`);
    },
  );

  it('refuses values that cannot be sent exactly', () => {
    expect(() => parseNanoCpus('9.3e9')).toThrow('cpus value 9.3e9 is out of range');
  });

  it('keeps fractions exact', () => {
    expect(parseGoRat('0.10')).toStrictEqual({ num: 1n, den: 10n });
    expect(parseGoRat('-6/4')).toStrictEqual({ num: -3n, den: 2n });
    expect(parseGoRat('0e5')).toStrictEqual({ num: 0n, den: 1n });
  });
});

describe('legacy restart string (opts.ParseRestartPolicy, v28)', () => {
  it.each([
    ['', { name: '', maximumRetryCount: 0 }],
    ['no', { name: 'no', maximumRetryCount: 0 }],
    ['on-failure', { name: 'on-failure', maximumRetryCount: 0 }],
    ['on-failure:', { name: 'on-failure', maximumRetryCount: 0 }],
    ['on-failure:3', { name: 'on-failure', maximumRetryCount: 3 }],
    ['on-failure:+3', { name: 'on-failure', maximumRetryCount: 3 }],
    ['on-failure:007', { name: 'on-failure', maximumRetryCount: 7 }],
    ['on-failure:-1', { name: 'on-failure', maximumRetryCount: -1 }],
    ['always:3', { name: 'always', maximumRetryCount: 3 }],
    ['Always', { name: 'Always', maximumRetryCount: 0 }],
  ])('%j', (value, expected) => {
    expect(parseRestartPolicy(value)).toStrictEqual(expected);
  });

  it('rejects a colon without policy name', () => {
    expect(() => parseRestartPolicy(':5')).toThrow('invalid restart policy format: no policy provided before colon');
  });

  it.each(['on-failure:x', 'on-failure:1:2', 'on-failure: 3', 'on-failure:1_0'])('rejects count in %j', (value) => {
    expect(() => parseRestartPolicy(value)).toThrow(
      'invalid restart policy format: maximum retry count must be an integer',
    );
  });
});

describe('capabilities (opts.EffectiveCapAddCapDrop)', () => {
  it('normalizes names', () => {
    expect(['net_admin', ' sys_time ', 'CAP_CHOWN', 'all', 'reset', 'cap_x'].map(normalizeCapability)).toStrictEqual([
      'CAP_NET_ADMIN',
      'CAP_SYS_TIME',
      'CAP_CHOWN',
      'ALL',
      'RESET',
      'CAP_X',
    ]);
  });

  it('leaves both lists undefined when nothing is given', () => {
    expect(effectiveCapAddCapDrop(undefined, undefined)).toStrictEqual({ capAdd: undefined, capDrop: undefined });
    expect(effectiveCapAddCapDrop([], [])).toStrictEqual({ capAdd: undefined, capDrop: undefined });
  });

  it('normalizes, de-duplicates and sorts; add wins over drop', () => {
    expect(
      effectiveCapAddCapDrop(['SYS_NICE', 'CAP_NET_ADMIN', 'sys_nice'], ['CHOWN', 'CAP_NET_ADMIN', 'DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER']),
    ).toStrictEqual({
      capAdd: ['CAP_NET_ADMIN', 'CAP_SYS_NICE'],
      capDrop: ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_FSETID'],
    });
  });

  it('ALL in add replaces the add list, and drop keeps its entries', () => {
    expect(effectiveCapAddCapDrop(['ALL', 'CAP_NET_ADMIN'], ['CHOWN', 'CAP_NET_ADMIN'])).toStrictEqual({
      capAdd: ['ALL'],
      capDrop: ['CAP_CHOWN', 'CAP_NET_ADMIN'],
    });
  });

  it('ALL in drop replaces the drop list', () => {
    expect(effectiveCapAddCapDrop(['CHOWN', 'NET_ADMIN'], ['ALL', 'CAP_NET_ADMIN', 'CAP_FOO'])).toStrictEqual({
      capAdd: ['CAP_CHOWN', 'CAP_NET_ADMIN'],
      capDrop: ['ALL'],
    });
  });

  it('ALL in both lists: add ALL, nothing dropped', () => {
    expect(effectiveCapAddCapDrop(['all'], ['all', 'chown'])).toStrictEqual({ capAdd: ['ALL'], capDrop: undefined });
  });

  it('drops RESET from both lists', () => {
    expect(effectiveCapAddCapDrop(['RESET', 'net_admin'], ['reset'])).toStrictEqual({ capAdd: ['CAP_NET_ADMIN'], capDrop: undefined });
  });
});
