/**
 * No secret value appears in any output. A stack with secrets and configs from files and from environment variables
 * (declared through `x-` extension anchors, with labels and extension keys of their own) goes through every command
 * (config, diff, deploy, a failing deploy, rollback, history with and without --revision, ls, services, ps, unlock,
 * rm), each in plain output, with --json, with --debug, and with DEBUG=* (which also switches on the `debug` library
 * of dependencies: docker-modem then logged every Engine answer, config data included, until bin/run.js kept its
 * namespace off); each state-changing step gets new values, so every mode
 * does real work (creating, replacing, failing). Every value ever used is then searched for in all stdout and stderr,
 * as is and base64-encoded (at each of the three byte alignments, as it would sit inside a longer encoded blob).
 *
 * Runs on the shared lab claim-lab.ts gives the file: nothing here depends on the number of managers.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';
import { labDocker, labImage } from '../helpers/lab.js';

const STACK = 'fleak';
/** Output modes; DEBUG=* also switches on the `debug` library of our dependencies (docker-modem logs Engine traffic). */
const MODES: { name: string; flags: string[]; env?: Record<string, string> }[] = [
  { name: 'plain', flags: [] },
  { name: 'json', flags: ['--json'] },
  { name: 'debug', flags: ['--debug'] },
  { name: 'DEBUG=*', flags: [], env: { DEBUG: '*' } },
];

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

function stack(args: string[], mode: (typeof MODES)[number]): CliRun {
  const run = runCli([...args, ...mode.flags], { cwd: dir, env: { ...env, ...mode.env } });
  outputs.push({ command: `${mode.env ? 'DEBUG=* ' : ''}${[...args, ...mode.flags].join(' ')}`, run });
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
}, 300_000);

describe('secret and config values never appear in any output', () => {
  it('base64Forms finds a value inside a longer encoded blob at every alignment', () => {
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const blob = Buffer.from(`${prefix}secret-value-123456{"x":1}`).toString('base64');
      expect(base64Forms('secret-value-123456').some((form) => blob.includes(form))).toBe(true);
    }
  });

  it('config and diff (also as Markdown, and the saved plan file), in every mode', { timeout: 600_000 }, () => {
    const base = ['-c', 'docker-compose.yml'];
    for (const [i, mode] of MODES.entries()) {
      expect(stack(['config', ...base], mode).code).toBe(0);
      expect(stack(['diff', ...base, '--exit-code', STACK], mode).code).toBe(2);
      expect(stack(['diff', ...base, '--format', 'markdown', '--out', `plan-${i}.json`, STACK], mode).code).toBe(0);
      outputs.push({ command: `saved plan file of ${mode.name}`, run: { code: 0, stdout: readFileSync(join(dir, `plan-${i}.json`), 'utf8'), stderr: '' } });
    }
  });

  it('deploy, in every mode, each with new values (create, then replace)', { timeout: 600_000 }, () => {
    for (const [i, mode] of MODES.entries()) {
      if (i > 0) newValues();
      const run = stack(['deploy', '-c', 'docker-compose.yml', '--timeout', '120s', STACK], mode);
      expect(run.code, run.stderr).toBe(0);
      expect(stack(['diff', '-c', 'docker-compose.yml', '--exit-code', STACK], mode).code).toBe(0);
    }
  });

  it('a failing deploy, in every mode, each with new values (and its GITHUB_STEP_SUMMARY report)', { timeout: 600_000 }, () => {
    const summary = join(dir, 'step-summary.md');
    for (const mode of MODES) {
      newValues(labImage('crash'));
      env = { ...env, GITHUB_STEP_SUMMARY: summary };
      const run = stack(['deploy', '-c', 'docker-compose.yml', '--timeout', '90s', STACK], mode);
      expect(run.code, run.stdout + run.stderr).toBe(1);
    }
    outputs.push({ command: 'GITHUB_STEP_SUMMARY of the failing deploys', run: { code: 0, stdout: readFileSync(summary, 'utf8'), stderr: '' } });
  });

  it('rollback, history (also --revision), ls, services, ps, unlock, in every mode', { timeout: 600_000 }, () => {
    for (const mode of MODES) {
      const rollback = stack(['rollback', '--timeout', '120s', STACK], mode);
      expect(rollback.code, rollback.stdout + rollback.stderr).toBe(0);
    }
    const rows = (JSON.parse(runCli(['history', STACK, '--json']).stdout) as { revisions: { revision: number; outcome: string }[] }).revisions;
    expect(rows.length).toBeGreaterThanOrEqual(2 * MODES.length + 1);
    // In detail: the first deploy (creates), the first failed one, and the newest (a rollback).
    const detailed = [...new Set([rows[rows.length - 1]!, rows.filter((r) => r.outcome === 'failed').pop()!, rows[0]!].map((r) => r.revision))];
    expect(detailed).toHaveLength(3);
    for (const mode of MODES) {
      expect(stack(['history', STACK], mode).code).toBe(0);
      for (const revision of detailed) expect(stack(['history', STACK, '--revision', String(revision)], mode).code).toBe(0);
      expect(stack(['ls'], mode).code).toBe(0);
      expect(stack(['services', STACK], mode).code).toBe(0);
      expect(stack(['ps', STACK, '--no-trunc'], mode).code).toBe(0);
      expect(stack(['unlock', STACK], mode).code).toBe(0);
      expect(stack(['drift', STACK], mode).code).toBe(0);
      expect(stack(['drift', STACK, '--format', 'markdown'], mode).code).toBe(0);
    }
  });

  it('rm, in every mode (the first removes the stack, the others find nothing)', { timeout: 600_000 }, () => {
    // As with docker stack rm, a stack with nothing in it is said ("Nothing found in stack") with exit code 0.
    for (const mode of MODES) expect(stack(['rm', '--yes', STACK], mode).code).toBe(0);
    expect(leftovers()).toEqual([]);
  });

  it('no value, as is or base64-encoded, in any stdout or stderr', () => {
    expect(outputs.length).toBeGreaterThanOrEqual(50);
    // Four objects; new values for every deploy but the first and for every failing deploy.
    expect(values.size).toBe(4 * 2 * MODES.length);
    const leaks: string[] = [];
    for (const { command, run } of outputs) {
      for (const value of values) {
        // A saved plan must execute without the Compose files, so it carries config data (not secret: anyone who can
        // `docker config inspect` reads it); secret values never.
        if (command.startsWith('saved plan file') && value.includes('-config-')) continue;
        for (const form of [value, ...base64Forms(value)]) {
          if (run.stdout.includes(form)) leaks.push(`${command}: stdout has ${form === value ? value : `base64 of ${value}`}`);
          if (run.stderr.includes(form)) leaks.push(`${command}: stderr has ${form === value ? value : `base64 of ${value}`}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });
});
