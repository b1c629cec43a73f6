/**
 * `stack diff` on the lab swarm, continued from diff.int.test.ts: a tag that moved in the registry, placement and
 * address-space problems swarm would not report, --exit-code, and the bounded number of Engine API calls.
 * Each test uses its own stack name and removes it afterwards, so the file can run twice in a row.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planStack } from '../../src/workflows/plan-stack.js';
import { changed, deploy, diffJson, stackCli, stackDir, useStack, BUSYBOX, WEB1, WEB2, type TaskState } from '../helpers/diff-run.js';
import { labDocker, labRegistry } from '../helpers/lab.js';
import { engineGet, removeStack } from '../helpers/parity.js';

describe('image tags', () => {
  it('a tag that moved in the registry is a change, and the plan says so', async () => {
    const stack = await useStack('dfit-moved');
    // A tag of our own in the lab registry, pointed first at web:1, then at web:2 (pushed from node1).
    const moved = `${labRegistry()}/dftest/moved:1`;
    const point = (image: string) => {
      labDocker(['pull', '-q', image]);
      labDocker(['tag', image, moved]);
      labDocker(['push', '-q', moved]);
    };
    point(WEB1);
    const dir = stackDir({ 'docker-compose.yml': `version: "3.8"\nservices:\n  web:\n    image: ${moved}\n    deploy:\n      replicas: 1\n` });
    deploy(dir, stack);
    expect(changed(diffJson(dir, stack))).toEqual([]);
    point(WEB2);
    const plan = diffJson(dir, stack);
    const web = changed(plan)[0];
    expect(changed(plan)).toHaveLength(1);
    expect(web?.fields.map((f) => f.path)).toEqual(['image']);
    expect(web?.reason).toMatch(new RegExp(`^image tag ${moved.replace(/[.]/g, '\\.')} moved: sha256:[0-9a-f]{12} → sha256:[0-9a-f]{12}; `));
    // Without asking the registry, the pinned digest is kept and nothing changes.
    expect(changed(diffJson(dir, stack, ['--resolve-image', 'never']))).toEqual([]);
    point(WEB1);
  });
});

describe('problems swarm would not report', () => {
  it('an unsatisfiable constraint and a too-small overlay subnet', async () => {
    const stack = await useStack('dfit-problems');
    const yaml = `
version: "3.8"
services:
  nowhere:
    image: ${BUSYBOX}
    deploy:
      replicas: 2
      placement:
        constraints: [node.labels.dfit == none]
  crowded:
    image: ${BUSYBOX}
    networks: [small]
    deploy:
      replicas: 10
networks:
  small:
    ipam:
      config:
        - subnet: 10.213.77.0/29
`;
    const dir = stackDir({ 'docker-compose.yml': yaml });
    const plan = diffJson(dir, stack);
    // Each problem also carries its codes and data (docs/plan-json.md); these are its words.
    expect(plan.problems).toMatchObject([
      {
        kind: 'placement',
        service: 'nowhere',
        message:
          'nowhere: 2 replicas, 0 eligible nodes: 2 replicas cannot be placed (node1: constraint node.labels.dfit == none not satisfied; ' +
          'node2: constraint node.labels.dfit == none not satisfied; node3: constraint node.labels.dfit == none not satisfied)',
      },
      {
        kind: 'address-space',
        network: `${stack}_small`,
        message:
          `network ${stack}_small (10.213.77.0/29) has 5 usable addresses but needs 14: 1 VIP + 10 tasks + 3 node load balancers; ` +
          '9 tasks will get no address and stay in state New (swarm reports no error)',
      },
    ]);
    const text = stackCli(['diff', '-c', 'docker-compose.yml', stack], dir).stdout;
    expect(text).toContain('Problems:\n  ! nowhere: 2 replicas, 0 eligible nodes: 2 replicas cannot be placed');
    // What swarm does with it: tasks of `crowded` stay New, without an error. (deploy refuses such a plan without --force.)
    deploy(dir, stack, ['--force', '--detach']);
    const deadline = Date.now() + 30_000;
    let states: string[] = [];
    while (Date.now() < deadline) {
      const tasks = await engineGet<TaskState[]>(`/tasks?filters=${encodeURIComponent(JSON.stringify({ service: [`${stack}_crowded`] }))}`);
      states = tasks.map((t) => t.Status.State);
      if (states.length === 10 && states.filter((s) => s === 'new').length >= 6) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(states.filter((s) => s === 'new').length).toBeGreaterThanOrEqual(6);
  });
});

describe('--exit-code', () => {
  it('is 2 with changes, 0 without, 1 on errors', async () => {
    const stack = await useStack('dfit-exit');
    const dir = stackDir({ 'docker-compose.yml': `version: "3.8"\nservices:\n  app:\n    image: ${BUSYBOX}\n    deploy:\n      replicas: 0\n` });
    const before = stackCli(['diff', '-c', 'docker-compose.yml', '--exit-code', stack], dir);
    expect(before.code).toBe(2);
    expect(before.stdout).toContain(`  + service ${stack}_app\n`);
    expect(stackCli(['diff', '-c', 'docker-compose.yml', stack], dir).code).toBe(0);
    deploy(dir, stack);
    expect(stackCli(['diff', '-c', 'docker-compose.yml', '--exit-code', stack], dir).code).toBe(0);
    expect(stackCli(['diff', '-c', 'missing.yml', '--exit-code', stack], dir).code).toBe(1);
  });
});

describe('Engine API calls', () => {
  it('reads only the configs the stack uses: not revision records, locks or other stacks\' configs', async () => {
    const stack = await useStack('dfit-cfgread');
    const external = `${stack}-shared`;
    const unrelated = `zz-${stack}-unrelated`;
    for (const name of [external, unrelated]) {
      if (labDocker(['config', 'ls', '-q', '--filter', `name=${name}`]) === '') labDocker(['config', 'create', name, '-'], { input: 'x' });
    }
    const file = `services:\n  app:\n    image: ${BUSYBOX}\n    configs: [conf, shared]\n    deploy:\n      replicas: 0\nconfigs:\n  conf:\n    file: ./conf.txt\n  shared:\n    external: true\n    name: ${external}\n`;
    const dir = stackDir({ 'docker-compose.yml': file, 'conf.txt': 'one' });
    // --history-max 1: the first content is then referenced by nothing kept and goes after the second deploy.
    deploy(dir, stack, ['--history-max', '1']);
    writeFileSync(join(dir, 'conf.txt'), 'two');
    deploy(dir, stack, ['--history-max', '1']);
    try {
      const planned = await planStack({
        stackName: stack,
        load: { files: [join(dir, 'docker-compose.yml')], cwd: dir, env: process.env },
        endpoints: {},
        env: process.env,
        resolveImage: 'never',
        prune: false,
        withRegistryAuth: false,
      });
      expect(planned.plan.changes.filter((c) => c.action !== 'none')).toEqual([]);
      // The live (versioned) stack config and the external one; the revision record exists but is not read.
      const names = planned.snapshot.configs.map((c) => c.Spec.Name ?? '').sort();
      expect(names).toHaveLength(2);
      expect(names).toContain(external);
      expect(names.find((n) => n !== external)).toMatch(new RegExp(`^${stack}_conf-[0-9a-f]{10}$`));
      expect(labDocker(['config', 'ls', '-q', '--filter', `label=io.stack.history=${stack}`]).split('\n')).toHaveLength(1);
    } finally {
      await removeStack(stack);
      for (const name of [external, unrelated]) labDocker(['config', 'rm', name]);
    }
  });

  it('a no-change diff makes the same bounded number of calls for 2 and for 12 services', async () => {
    const small = await useStack('dfit-calls-a');
    const large = await useStack('dfit-calls-b');
    const services = (n: number) =>
      Array.from({ length: n }, (_, i) => `  s${i}:\n    image: ${BUSYBOX}\n    deploy:\n      replicas: 0\n`).join('');
    const yaml = (n: number) => `version: "3.8"\nservices:\n${services(n)}`;
    const dirSmall = stackDir({ 'docker-compose.yml': yaml(2) });
    const dirLarge = stackDir({ 'docker-compose.yml': yaml(12) });
    deploy(dirSmall, small);
    deploy(dirLarge, large);
    const count = async (dir: string, stack: string) => {
      const planned = await planStack({
        stackName: stack,
        load: { files: [join(dir, 'docker-compose.yml')], cwd: dir, env: process.env },
        endpoints: {},
        env: process.env,
        resolveImage: 'always',
        prune: false,
        withRegistryAuth: false,
      });
      expect(planned.plan.changes.filter((c) => c.action !== 'none')).toEqual([]);
      return planned.api.calls.map((c) => `${c.method} ${c.path}`);
    };
    const callsSmall = await count(dirSmall, small);
    const callsLarge = await count(dirLarge, large);
    expect(callsLarge).toEqual(callsSmall);
    // Seven list calls for the snapshot (the stack's services, and services outside it under the names the stack
    // uses) and one registry query for the one image.
    expect([...callsSmall].sort()).toEqual(
      [
        'GET /services',
        'GET /services',
        'GET /networks',
        'GET /secrets',
        'GET /configs',
        'GET /nodes',
        'GET /tasks',
        `GET /distribution/${BUSYBOX}/json`,
      ].sort(),
    );
  });
});
