/**
 * No secret value appears in any output. A stack with secrets and configs from files and from environment variables
 * (declared through `x-` extension anchors, with labels and extension keys of their own) goes through every command
 * (config, diff, deploy, a failing deploy, rollback, history with and without --revision, ls, services, ps, unlock,
 * rm), each in plain output, with --json and with --debug; each state-changing step gets new values, so every mode
 * does real work (creating, replacing, failing). Every value ever used is then searched for in all stdout and stderr,
 * as is and base64-encoded (at each of the three byte alignments, as it would sit inside a longer encoded blob).
 *
 * Runs on the shared lab claim-lab.ts gives the file: nothing here depends on the number of managers.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';
import { labDocker, labImage } from '../helpers/lab.js';

const STACK = 'fleak';
const MODES = [
  { name: 'plain', flags: [] },
  { name: 'json', flags: ['--json'] },
  { name: 'debug', flags: ['--debug'] },
] as const;

let dir: string;
/** Every secret and config value written to a file or an environment variable so far. */
const values = new Set<string>();
/** Every command run, with its output. */
const outputs: { command: string; run: CliRun }[] = [];
/** The environment of the current step (secret and config values, the image). */
let env: Record<string, string> = {};

function composeFile(): string {
  return `x-secret-file: &secret_file ./secret.txt
x-labels: &labels
  owner: leak-test
services:
  app:
    image: \${APP_IMAGE}
    secrets: [file_secret, env_secret]
    configs: [file_config, env_config]
    deploy:
      restart_policy:
        delay: 1s
      update_config:
        monitor: 1s
    x-note: uses every secret
secrets:
  file_secret:
    file: *secret_file
    labels: *labels
    x-rotation: monthly
  env_secret:
    environment: LEAK_ENV_SECRET
configs:
  file_config:
    file: ./config.txt
  env_config:
    environment: LEAK_ENV_CONFIG
`;
}

function fresh(kind: string): string {
  const value = `${kind}-${randomBytes(9).toString('hex')}`;
  values.add(value);
  return value;
}

/** New values for all four objects: two files and two environment variables. */
function newValues(image = labImage('busybox')): void {
  writeFileSync(join(dir, 'secret.txt'), fresh('file-secret'));
  writeFileSync(join(dir, 'config.txt'), fresh('file-config'));
  env = { LEAK_ENV_SECRET: fresh('env-secret'), LEAK_ENV_CONFIG: fresh('env-config'), APP_IMAGE: image };
}

function stack(args: string[], flags: readonly string[]): CliRun {
  const run = runCli([...args, ...flags], { cwd: dir, env });
  outputs.push({ command: [...args, ...flags].join(' '), run });
  return run;
}

/** The stable part of the base64 form of `value` when it starts at byte offset 0, 1 or 2 of an encoded blob. */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset, 0x20), bytes]).toString('base64');
    const start = offset === 0 ? 0 : 4;
    const end = Math.floor((offset + bytes.length) / 3) * 4;
    return encoded.slice(start, end);
  });
}

/** What is left of the stack: its services, secrets, configs (versioned ones included), records and lock. */
function leftovers(): string[] {
  const list = (args: string[]): string[] => labDocker(args).split('\n').filter(Boolean);
  return [
    ...list(['service', 'ls', '--format', '{{.Name}}', '--filter', `label=com.docker.stack.namespace=${STACK}`]),
    ...list(['secret', 'ls', '--format', '{{.Name}}', '--filter', `label=com.docker.stack.namespace=${STACK}`]),
    ...list(['config', 'ls', '--format', '{{.Name}}', '--filter', `label=com.docker.stack.namespace=${STACK}`]),
    ...list(['config', 'ls', '--format', '{{.Name}}', '--filter', `label=io.stack.history=${STACK}`]),
    ...list(['config', 'ls', '--format', '{{.Name}}', '--filter', `name=stack-lock.${STACK}`]),
  ];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stack-fleak-'));
  writeFileSync(join(dir, 'docker-compose.yml'), composeFile());
  newValues();
  runCli(['rm', '--yes', STACK]);
  expect(leftovers()).toEqual([]);
});

afterAll(() => {
  runCli(['rm', '--yes', STACK]);
  expect(leftovers()).toEqual([]);
}, 120_000);

describe('secret and config values never appear in any output', () => {
  it('base64Forms finds a value inside a longer encoded blob at every alignment', () => {
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const blob = Buffer.from(`${prefix}secret-value-123456{"x":1}`).toString('base64');
      expect(base64Forms('secret-value-123456').some((form) => blob.includes(form))).toBe(true);
    }
  });

  it('config and diff, in every mode', { timeout: 600_000 }, () => {
    const base = ['-c', 'docker-compose.yml'];
    for (const mode of MODES) {
      expect(stack(['config', ...base], mode.flags).code).toBe(0);
      expect(stack(['diff', ...base, '--exit-code', STACK], mode.flags).code).toBe(2);
    }
  });

  it('deploy, in every mode, each with new values (create, then replace twice)', { timeout: 600_000 }, () => {
    for (const [i, mode] of MODES.entries()) {
      if (i > 0) newValues();
      const run = stack(['deploy', '-c', 'docker-compose.yml', '--timeout', '120s', STACK], mode.flags);
      expect(run.code, run.stderr).toBe(0);
      expect(stack(['diff', '-c', 'docker-compose.yml', '--exit-code', STACK], mode.flags).code).toBe(0);
    }
  });

  it('a failing deploy, in every mode, each with new values', { timeout: 600_000 }, () => {
    for (const mode of MODES) {
      newValues(labImage('crash'));
      const run = stack(['deploy', '-c', 'docker-compose.yml', '--timeout', '90s', STACK], mode.flags);
      expect(run.code, run.stdout + run.stderr).toBe(1);
    }
  });

  it('rollback, history (also --revision), ls, services, ps, unlock, in every mode', { timeout: 600_000 }, () => {
    for (const mode of MODES) {
      const rollback = stack(['rollback', '--timeout', '120s', STACK], mode.flags);
      expect(rollback.code, rollback.stdout + rollback.stderr).toBe(0);
    }
    const revisions = JSON.parse(runCli(['history', STACK, '--json']).stdout) as { revisions: { revision: number }[] };
    expect(revisions.revisions.length).toBeGreaterThanOrEqual(7);
    for (const mode of MODES) {
      expect(stack(['history', STACK], mode.flags).code).toBe(0);
      for (const { revision } of revisions.revisions) expect(stack(['history', STACK, '--revision', String(revision)], mode.flags).code).toBe(0);
      expect(stack(['ls'], mode.flags).code).toBe(0);
      expect(stack(['services', STACK], mode.flags).code).toBe(0);
      expect(stack(['ps', STACK, '--no-trunc'], mode.flags).code).toBe(0);
      expect(stack(['unlock', STACK], mode.flags).code).toBe(0);
    }
  });

  it('rm, in every mode (the first removes the stack, the others find nothing)', { timeout: 600_000 }, () => {
    for (const [i, mode] of MODES.entries()) expect(stack(['rm', '--yes', STACK], mode.flags).code).toBe(i === 0 ? 0 : 1);
    expect(leftovers()).toEqual([]);
  });

  it('no value, as is or base64-encoded, in any stdout or stderr', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(50);
    expect(values.size).toBe(4 * 6);
    const leaks: string[] = [];
    for (const { command, run } of outputs) {
      for (const value of values) {
        for (const form of [value, ...base64Forms(value)]) {
          if (run.stdout.includes(form)) leaks.push(`${command}: stdout has ${form === value ? value : `base64 of ${value}`}`);
          if (run.stderr.includes(form)) leaks.push(`${command}: stderr has ${form === value ? value : `base64 of ${value}`}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });
});
