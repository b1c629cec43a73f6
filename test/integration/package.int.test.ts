// The package as a user gets it: `npm pack`, `npm install -g` of the tarball into an empty prefix, and the
// installed `stack` run through its launcher (also with BusyBox's sh and env), its help, its suggestions for
// mistyped commands, and its bash completion (commands, flags, flag values, stack names from the lab swarm).
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const pjson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const work = mkdtempSync(join(tmpdir(), 'stack-package-'));
const prefix = join(work, 'prefix');
const STACK = 'pkgcomplete';
let installSeconds = 0;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the installed `stack` (through its shebang) with PATH holding the prefix's bin first. */
function stack(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const result = spawnSync(join(prefix, 'bin', 'stack'), args, {
    cwd: options.cwd ?? work,
    env: { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}`, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Like stack(), without blocking, so that several runs can go at once. */
function stackAsync(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(join(prefix, 'bin', 'stack'), args, { cwd: work, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code, stdout, stderr });
    });
  });
}

/** What bash completion offers for a command line (the last word is completed), with the script sourced. */
function complete(line: string[]): string[] {
  const file = join(work, 'completion.bash');
  if (!existsSync(file)) writeFileSync(file, stack(['completion', 'bash']).stdout);
  const words = line.map((w) => `'${w}'`).join(' ');
  const program = `source '${file}'; COMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; _stack_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync('bash', ['--norc', '-c', program], {
    cwd: work,
    env: { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}` },
    encoding: 'utf8',
  });
  return out.split('\n').filter((w) => w !== '').sort();
}

beforeAll(() => {
  // Packs the tree as built by `npm run build` (npm test builds first) and installs it into an empty prefix.
  execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  const started = performance.now();
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', join(work, tarball)], { cwd: work, encoding: 'utf8' });
  installSeconds = (performance.now() - started) / 1000;
}, 300_000);

afterAll(() => {
  runCli(['rm', '--yes', STACK]);
  rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the launcher, the bundle, the manifest and the licence, and nothing to build or test', () => {
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    const files = execFileSync('tar', ['-tzf', join(work, tarball)], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toEqual(expect.arrayContaining(['package/bin/run.js', 'package/lib/cli.js', 'package/lib/commands.js', 'package/oclif.manifest.json', 'package/LICENSE', 'package/README.md']));
    expect(files.filter((f) => /^package\/(src|test|dist|scripts|bench)\//.test(f))).toEqual([]);
    const installed = JSON.parse(readFileSync(join(prefix, 'lib', 'node_modules', pjson.name, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(installed).toMatchObject({ name: pjson.name, license: 'MIT', bin: { stack: './bin/run.js' }, engines: { node: '>=20' } });
    // Everything is bundled: installing needs no registry and runs no install script.
    expect(installed.dependencies ?? {}).toEqual({});
    expect(installSeconds).toBeLessThan(30);
  });

  it('installs a working `stack` into an empty prefix', () => {
    const version = stack(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toBe(`${pjson.name}/${pjson.version} ${process.platform}-${process.arch} node-${process.version}\n`);
    writeFileSync(join(work, 'docker-compose.yml'), 'services:\n  web:\n    image: "nginx:${TAG}"\n    deploy:\n      replicas: 2\n');
    writeFileSync(join(work, 'prod.env'), 'TAG=1.27\n');
    const config = stack(['config', '-c', 'docker-compose.yml', '--env-file', 'prod.env']);
    expect(config).toMatchObject({ code: 0, stderr: '' });
    expect(config.stdout).toBe('services:\n  web:\n    image: nginx:1.27\n    deploy:\n      replicas: 2\n');
  });

  it('keeps user arguments away from node: --env-file, --inspect and -e after the command are stack\'s', () => {
    expect(readFileSync(join(REPO_ROOT, 'bin', 'run.js'), 'utf8').split('\n')[0]).toBe('#!/bin/sh');
    const missing = stack(['config', '-c', 'docker-compose.yml', '--env-file', 'nope.env']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('env file not found: nope.env');
    for (const flag of ['--inspect', '-e']) {
      const run = stack(['config', '-c', 'docker-compose.yml', flag]);
      expect(run.code, flag).toBe(1);
      expect(run.stderr, flag).toMatch(/Nonexistent flag|Flag .* expects a value|Unexpected argument/);
    }
  });

  it.runIf(existsSync('/usr/bin/busybox') || existsSync('/bin/busybox'))('starts under BusyBox: its env (no -S) and its sh', () => {
    const busybox = existsSync('/usr/bin/busybox') ? '/usr/bin/busybox' : '/bin/busybox';
    // A PATH with only BusyBox's applets and node, as on an Alpine-based CI image.
    const bin = join(work, 'busybox-bin');
    execFileSync(busybox, ['mkdir', '-p', bin]);
    for (const applet of ['env', 'sh']) symlinkSync(busybox, join(bin, applet));
    symlinkSync(process.execPath, join(bin, 'node'));
    const viaEnv = spawnSync(join(bin, 'env'), ['PATH=' + bin, join(prefix, 'bin', 'stack'), '--version'], { encoding: 'utf8' });
    expect(viaEnv.stdout).toMatch(new RegExp(`^${pjson.name}/${pjson.version} `));
    const viaSh = spawnSync(join(bin, 'sh'), [join(prefix, 'bin', 'stack'), 'config', '-c', 'docker-compose.yml', '--env-file', 'prod.env'], {
      cwd: work,
      env: { PATH: bin },
      encoding: 'utf8',
    });
    expect(viaSh.stderr).toBe('');
    expect(viaSh.stdout).toContain('image: nginx:1.27');
  });
});

describe('the command line a docker user expects', () => {
  it('-h is --help, for stack and for every command', async () => {
    const root = stack(['-h']);
    expect(root.code).toBe(0);
    expect(root.stdout).toBe(stack(['--help']).stdout);
    expect(root.stdout).toContain('help environment');
    const commands = JSON.parse(readFileSync(join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, { hidden?: boolean }> };
    const ids = Object.entries(commands.commands).filter(([, c]) => !c.hidden).map(([id]) => id);
    const runs = await Promise.all(ids.map((id) => stackAsync([id, '-h'])));
    ids.forEach((id, i) => {
      expect(runs[i]!.code, id).toBe(0);
      expect(runs[i]!.stdout, id).toContain(`$ stack ${id}`);
    });
    expect(stack(['deploy', '-h']).stdout).toBe(stack(['deploy', '--help']).stdout);
  });

  it('a mistyped command suggests the nearest, with exit code 1 and no stack trace', () => {
    expect(stack(['deplyo', '-c', 'x.yml', 'app'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: "deplyo" is not a stack command\n  hint: did you mean "deploy"? run `stack help` for the list of commands\n',
    });
    const far = stack(['frobnicate']);
    expect(far.code).toBe(1);
    expect(far.stderr).toBe('Error: "frobnicate" is not a stack command\n  hint: run `stack help` for the list of commands\n');
    const topic = stack(['help', 'enviroment']);
    expect(topic.code).toBe(1);
    expect(topic.stderr).toContain('did you mean "environment"?');
  });

  it('stack help environment lists the environment variables and the exit codes', () => {
    const run = stack(['help', 'environment']);
    expect(run.code).toBe(0);
    for (const word of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_CONFIG', 'NO_COLOR', 'DEBUG', 'EXIT CODES', '130', '143']) {
      expect(run.stdout).toContain(word);
    }
    expect(stack(['help', 'deploy']).stdout).toBe(stack(['deploy', '--help']).stdout);
  });

  it('rm --timeout takes a Go duration like every other duration flag, and refuses a bad one before asking', () => {
    const bad = stack(['rm', '--yes', '--timeout', '1 minute', STACK]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--timeout: "1 minute" is not a duration');
    expect(stack(['rm', '--yes', '--timeout', '1m', 'pkg-nothing-here']).stderr).toBe('Nothing found in stack: pkg-nothing-here\n');
  });
});

describe('shell completion', () => {
  it('completes commands, flags and flag values', () => {
    expect(complete(['stack', 'd'])).toEqual(['deploy', 'diff', 'drift']);
    expect(complete(['stack', 'comp'])).toEqual(['completion']);
    expect(complete(['stack', 'completion', ''])).toEqual(['bash', 'fish', 'zsh']);
    expect(complete(['stack', 'deploy', '--pr'])).toEqual(['--profile', '--prune']);
    expect(complete(['stack', 'deploy', '--resolve-image', ''])).toEqual(['always', 'changed', 'never']);
    expect(complete(['stack', 'config', '--format', 'y'])).toEqual(['yaml']);
    expect(complete(['stack', 'config', '-c', 'docker-comp'])).toEqual(['docker-compose.yml']);
    expect(complete(['stack', 'help', 'env'])).toEqual(['environment']);
    expect(complete(['stack', 'rm', '-'])).toEqual(expect.arrayContaining(['--yes', '-y', '--timeout', '--detach', '-d', '--help']));
  });

  // A developer's machine may lack zsh or fish; CI installs both (.ci/run), so there a missing shell fails the test.
  const has = (shell: string): boolean => process.env.CI === 'true' || spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

  it.runIf(has('zsh'))('zsh loads its script (bash function through bashcompinit)', () => {
    const file = join(work, 'completion.zsh');
    writeFileSync(file, stack(['completion', 'zsh']).stdout);
    const run = spawnSync('zsh', ['-f', '-c', `source '${file}' && (( \${+functions[_stack_complete]} ))`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.runIf(has('fish'))('fish completes commands and flag values, and none of its own completions for another stack', () => {
    const file = join(work, 'completion.fish');
    writeFileSync(file, stack(['completion', 'fish']).stdout);
    const fish = (line: string): string[] =>
      execFileSync('fish', ['-c', `source '${file}'; complete -C '${line}'`], { cwd: work, encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    expect(fish('stack de')).toEqual(['deploy\tDeploy a Compose file to the swarm as a stack.']);
    expect(fish('stack config --format ').map((l) => l.split('\t')[0])).toEqual(['json', 'yaml']);
    expect(fish('stack deploy --res').map((l) => l.split('\t')[0])).toEqual(['--resolve-image']);
  });

  it('completes stack names from the cluster, and offers nothing quickly when it is unreachable', () => {
    writeFileSync(join(work, 'idle.yml'), `services:\n  idle:\n    image: ${process.env.STACK_LAB_REGISTRY ?? '10.213.0.1:5000'}/stack-test/busybox:1\n    deploy:\n      replicas: 0\n`);
    const deploy = runCli(['deploy', '-c', join(work, 'idle.yml'), '--resolve-image', 'never', STACK]);
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(complete(['stack', 'ps', 'pkgcompl'])).toEqual([STACK]);
    expect(complete(['stack', 'rm', '--yes', 'pkgcompl'])).toEqual([STACK]);
    const started = performance.now();
    const unreachable = stack(['__complete-stacks', '-H', 'tcp://127.0.0.1:1']);
    expect(unreachable).toMatchObject({ code: 0, stdout: '' });
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

