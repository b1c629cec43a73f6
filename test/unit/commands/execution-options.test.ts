import { describe, expect, it } from 'vitest';
import { executionOptions, type Interrupt } from '../../../src/commands/rollout.js';

const interrupt = (): Interrupt & { released: unknown[] } => {
  const released: unknown[] = [];
  return {
    released,
    signal: new AbortController().signal,
    received: () => undefined,
    exitCode: () => 130,
    setLockRelease: (release) => released.push(release),
    dispose: () => undefined,
  };
};

const flags = {
  detach: false,
  timeout: '90s',
  'lock-timeout': '5m',
  'manager-timeout': '30s',
  'history-max': 10,
  'rollback-on-failure': true,
};

describe('execute flags of deploy and rollback, as workflow options', () => {
  it('turns the flags into milliseconds and counts, with the command line and tool version to record', () => {
    const run = interrupt();
    const { onLock, onNotice, signal, ...options } = executionOptions({ ...flags, message: 'release 1.4' }, run, {
      command: 'stack deploy -c a.yml web',
      toolVersion: '1.2.3',
    });
    expect({ ...options, ci: undefined }).toStrictEqual({
      detach: false,
      timeoutMs: 90_000,
      lockTimeoutMs: 300_000,
      managerTimeoutMs: 30_000,
      historyMax: 10,
      rollbackOnFailure: true,
      requestLimit: { ms: 90_000, label: '--timeout' },
      command: 'stack deploy -c a.yml web',
      toolVersion: '1.2.3',
      message: 'release 1.4',
      ci: undefined,
    });
    expect(signal).toBe(run.signal);
    const release = async (): Promise<void> => undefined;
    onLock(release);
    expect(run.released).toStrictEqual([release]);
    expect(typeof onNotice).toBe('function');
  });

  it('leaves out an empty message, and names the flag of a bad duration', () => {
    expect('message' in executionOptions({ ...flags, message: '' }, interrupt(), { command: 'c', toolVersion: 'v' })).toBe(false);
    expect(() => executionOptions({ ...flags, 'lock-timeout': 'soon' }, interrupt(), { command: 'c', toolVersion: 'v' })).toThrow(
      '--lock-timeout: "soon" is not a duration',
    );
  });
});
