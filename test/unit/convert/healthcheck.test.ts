// healthcheck → ContainerSpec.Healthcheck (outputs checked against docker CLI 28.2.2).
import { describe, expect, it } from 'vitest';
import { convertErrorOf, convertWeb, expectedService } from './builders.js';

describe('healthcheck', () => {
  it('absent → no Healthcheck (the image healthcheck applies)', () => {
    expect(convertWeb({ image: 'nginx' })).toStrictEqual(expectedService());
  });

  it('all fields, durations in ns; retries 0 is omitted', () => {
    const spec = convertWeb({
      image: 'nginx',
      healthcheck: {
        test: ['CMD-SHELL', 'curl -f localhost'],
        interval: 30_000_000_000,
        timeout: 5_000_000_000,
        retries: 0,
        start_period: 60_000_000_000,
        start_interval: 2_000_000_000,
      },
    });
    expect(spec).toStrictEqual(
      expectedService({
        containerSpec: {
          Healthcheck: {
            Test: ['CMD-SHELL', 'curl -f localhost'],
            Interval: 30_000_000_000,
            Timeout: 5_000_000_000,
            StartPeriod: 60_000_000_000,
            StartInterval: 2_000_000_000,
          },
        },
      }),
    );
  });

  it('retries are sent when non-zero', () => {
    expect(convertWeb({ image: 'nginx', healthcheck: { test: ['CMD', 'true'], retries: 3 } })).toStrictEqual(
      expectedService({ containerSpec: { Healthcheck: { Test: ['CMD', 'true'], Retries: 3 } } }),
    );
  });

  it('disable: true → Test ["NONE"] only, other fields dropped', () => {
    expect(convertWeb({ image: 'nginx', healthcheck: { disable: true, interval: 1_000_000_000, retries: 2 } })).toStrictEqual(
      expectedService({ containerSpec: { Healthcheck: { Test: ['NONE'] } } }),
    );
  });

  it('disable: true with an empty test list is still allowed', () => {
    expect(convertWeb({ image: 'nginx', healthcheck: { disable: true, test: [] } }).TaskTemplate.ContainerSpec?.Healthcheck).toStrictEqual({
      Test: ['NONE'],
    });
  });

  it('disable: false behaves like a normal healthcheck', () => {
    expect(convertWeb({ image: 'nginx', healthcheck: { disable: false, test: ['NONE'] } }).TaskTemplate.ContainerSpec?.Healthcheck).toStrictEqual({
      Test: ['NONE'],
    });
  });

  it('an empty block → {} (sent, inherits everything)', () => {
    expect(convertWeb({ image: 'nginx', healthcheck: {} })).toStrictEqual(expectedService({ containerSpec: { Healthcheck: {} } }));
  });

  it('test together with disable is an error', () => {
    expect(convertErrorOf(() => convertWeb({ image: 'nginx', healthcheck: { disable: true, test: ['CMD', 'x'] } }))).toStrictEqual({
      code: 'CONVERT_HEALTHCHECK',
      message: "service web: test and disable can't be set at the same time",
    });
  });
});
