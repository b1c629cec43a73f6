/**
 * Slow is not down: a proxy in front of the lab manager's socket holds back chosen requests (a busy manager: the
 * connection is open, the answer late). Commands wait for it and succeed (the client once gave up after 15 s with
 * "no swarm manager could be reached"); a deploy's own limit (--timeout) ends the wait with a timeout naming the
 * request, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/cli.js';
import { dir, useStack, webFile } from '../helpers/deploy-run.js';
import { labDocker, labDockerHost } from '../helpers/lab.js';
import { startSlowProxy, type SlowProxy } from '../helpers/slow-proxy.js';

const DELAY_MS = 17_000;
/** Holds back /info (the connection check) and every service list (the plan's snapshot): for `diff`. */
let busy: SlowProxy;
/** Holds back /info only (as a busy manager answered it in 19-48 s): for the deploys, which poll services while waiting. */
let slowInfo: SlowProxy;

beforeAll(async () => {
  const socket = new URL(labDockerHost()).pathname;
  busy = await startSlowProxy(socket, /^GET \S*\/(info|services)\b/, DELAY_MS);
  slowInfo = await startSlowProxy(socket, /^GET \S*\/info\b/, DELAY_MS);
});

afterAll(async () => {
  await busy?.close();
  await slowInfo?.close();
});

describe('a manager that answers slowly', () => {
  it('diff and deploy wait for it and succeed; a deploy whose --timeout is shorter fails with a timeout naming the request', async () => {
    const stack = await useStack('slow-manager');
    const blocked = await useStack('slow-deadline');
    const d = dir({ 'docker-compose.yml': webFile({ replicas: 1 }) });
    const started = Date.now();
    const [diff, deploy, short] = await Promise.all([
      // Its own stack name: its snapshot is read over 34 s while the deploy writes.
      runCliAsync(['diff', '-c', 'docker-compose.yml', 'slow-diff'], { cwd: d, env: { DOCKER_HOST: busy.host } }),
      runCliAsync(['deploy', '-c', 'docker-compose.yml', '--timeout', '120s', stack], { cwd: d, env: { DOCKER_HOST: slowInfo.host } }),
      runCliAsync(['deploy', '-c', 'docker-compose.yml', '--timeout', '5s', blocked], { cwd: d, env: { DOCKER_HOST: slowInfo.host } }),
    ]);
    // diff waited for /info and then for the service lists, each longer than the old fixed 15 s client timeout.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * DELAY_MS);
    expect(busy.delayed.filter((line) => line.includes('/services')).length).toBeGreaterThanOrEqual(1);
    expect(slowInfo.delayed.filter((line) => line.includes('/info')).length).toBeGreaterThanOrEqual(2);

    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain('+ service slow-diff_web');
    expect(deploy.code, deploy.stderr + deploy.stdout).toBe(0);
    expect(deploy.stdout).toContain('Deploy succeeded');
    for (const run of [diff, deploy]) expect(run.stderr).not.toContain('could not be reached');

    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/^Error: timed out: GET \/info got no answer from the manager unix:\/\/\S+ within 5\.0s \(--timeout\)/m);
    expect(short.stderr).toContain('hint: the manager accepted the request but is answering slowly');
    expect(short.stderr).not.toContain('could not be reached');
    expect(labDocker(['service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${blocked}`])).toBe('');
  }, 300_000);
});
