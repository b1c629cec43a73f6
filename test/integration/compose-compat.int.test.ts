import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { labDocker, labDockerHost, labImage } from '../helpers/lab.js';

// The compatibility rule on a real swarm (docs/compose-compatibility.md): a file written for `docker stack deploy`
// with the constructs stack used to refuse (spread: node.id from the swarm guides, a bcrypt hash in a default,
// depends_on naming a service of another file) deploys with warnings, and swarm gets what docker would send.

const STACK = 'compatrw';

function removeStack(): void {
  try {
    labDocker(['stack', 'rm', STACK]);
  } catch {
    // Nothing to remove.
  }
}

beforeAll(removeStack);
afterAll(removeStack);

describe('a real-world swarm-guide file that docker deploys', () => {
  it('deploys with warnings; the hash and the spread preference reach swarm as written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stack-compat-'));
    writeFileSync(
      join(dir, 'docker-compose.yml'),
      [
        'services:',
        '  proxy:',
        `    image: ${labImage('busybox')}`,
        '    command: ["sleep", "3600"]',
        '    stop_grace_period: 1s',
        '    depends_on: [backend]',
        '    deploy:',
        '      replicas: 2',
        '      placement:',
        '        preferences:',
        '          - spread: node.id',
        '      labels:',
        '        traefik.http.middlewares.admin-auth.basicauth.users: "admin:${HASHED_PASSWORD:-$2y$05$oZcjG0ls7Ww0ZpVbqVd0Ce}"',
        '',
      ].join('\n'),
    );
    const run = runCli(['deploy', '-c', 'docker-compose.yml', '--timeout', '60s', STACK], {
      cwd: dir,
      env: { DOCKER_HOST: labDockerHost() },
    });
    expect(run.stderr).toContain('services.proxy.depends_on.backend: ignored: "backend" is not a service of this stack');
    expect(run.stderr).toContain('services.proxy.deploy.placement.preferences[0].spread: spread over "node.id" has no effect');
    expect(run.stderr).toContain('a $ that starts no variable is kept as written');
    expect(run.code).toBe(0);

    const spec = JSON.parse(labDocker(['service', 'inspect', `${STACK}_proxy`, '--format', '{{json .Spec}}'])) as {
      Labels: Record<string, string>;
      TaskTemplate: { Placement?: { Preferences?: { Spread: { SpreadDescriptor: string } }[] } };
    };
    expect(spec.Labels['traefik.http.middlewares.admin-auth.basicauth.users']).toBe('admin:$2y$05$oZcjG0ls7Ww0ZpVbqVd0Ce');
    expect(spec.TaskTemplate.Placement?.Preferences).toEqual([{ Spread: { SpreadDescriptor: 'node.id' } }]);
  });
});
