/**
 * `stack diff` and the diff-based `stack deploy` on the lab swarm: no spurious changes after either tool deployed
 * a file, and exact field changes after edits with restart predictions checked against the task IDs swarm keeps or
 * replaces (moved image tags, placement and address-space problems, --exit-code and the bounded number of Engine
 * API calls are in diff-problems.int.test.ts, so the two halves run side by side on two labs).
 * Each test uses its own stack name and removes it afterwards, so the file can run twice in a row.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changed, deploy, diffJson, runningTaskIds, stackCli, stackDir, useStack, waitRunning, BUSYBOX, WEB1, WEB2 } from '../helpers/diff-run.js';
import { labDocker } from '../helpers/lab.js';
import { engineGet, waitForStackSettled } from '../helpers/parity.js';

const APP = `
version: "3.8"
services:
  web:
    image: ${WEB1}
    environment:
      MODE: one
      COLOR: blue
    configs:
      - source: conf
        target: /etc/app.conf
    networks: [front, back]
    deploy:
      replicas: 2
      labels:
        tier: web
      update_config:
        parallelism: 2
        order: start-first
      restart_policy:
        condition: on-failure
  worker:
    image: ${BUSYBOX}
    networks: [back]
    healthcheck:
      test: ["CMD", "true"]
      interval: 5s
    deploy:
      mode: global
      placement:
        constraints: [node.platform.os == linux]
networks:
  front:
    attachable: true
  back:
    labels:
      com.example.net: back
configs:
  conf:
    file: ./app.conf
`;

describe('no changes right after a deploy of the same file', () => {
  it('deployed by docker stack deploy', async () => {
    const stack = await useStack('dfit-docker');
    const dir = stackDir({ 'docker-compose.yml': APP, 'app.conf': 'setting=1\n' });
    labDocker(['stack', 'deploy', '-c', join(dir, 'docker-compose.yml'), stack]);
    await waitForStackSettled(stack);
    const plan = diffJson(dir, stack);
    expect(changed(plan)).toEqual([]);
    expect(plan.changed).toBe(false);
    expect(plan.summary).toMatchObject({ create: 0, update: 0, replace: 0, remove: 0, unchanged: 5 });
    expect(stackCli(['diff', '-c', 'docker-compose.yml', '--exit-code', stack], dir).code).toBe(0);
  });

  it('deployed by stack deploy; a second deploy writes nothing', async () => {
    const stack = await useStack('dfit-stack');
    const dir = stackDir({ 'docker-compose.yml': APP, 'app.conf': 'setting=1\n' });
    const first = deploy(dir, stack);
    expect(first.stdout).toContain(`Creating service ${stack}_web`);
    await waitForStackSettled(stack);
    expect(changed(diffJson(dir, stack))).toEqual([]);
    const ofStack = `/services?filters=${encodeURIComponent(JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] }))}`;
    const before = await engineGet<{ ID: string; Version: { Index: number } }[]>(ofStack);
    const again = deploy(dir, stack);
    expect(again.stdout).toContain(`No changes: stack ${stack} matches the files.`);
    expect(again.stdout).not.toMatch(/^(Creating|Updating)/m);
    const after = await engineGet<{ ID: string; Version: { Index: number } }[]>(ofStack);
    const versions = (list: typeof before) => Object.fromEntries(list.map((s) => [s.ID, s.Version.Index]));
    expect(versions(after)).toEqual(versions(before));
  });

  it('secrets made by docker stack deploy are adopted (hash label added); changed content gets a versioned secret', async () => {
    const stack = await useStack('dfit-secret');
    const yaml = `version: "3.8"\nservices:\n  app:\n    image: ${BUSYBOX}\n    secrets: [token, same]\nsecrets:\n  token:\n    file: ./token.txt\n  same:\n    file: ./same.txt\n`;
    const dir = stackDir({ 'docker-compose.yml': yaml, 'token.txt': 'v1\n', 'same.txt': 'unchanged\n' });
    labDocker(['stack', 'deploy', '-c', join(dir, 'docker-compose.yml'), stack]);
    await waitForStackSettled(stack);
    const label = { path: 'labels[io.stack.content-hash]', before: null, after: null, sensitive: true };
    expect(changed(diffJson(dir, stack)).map((c) => [c.name, c.action, c.fields])).toEqual([
      [`${stack}_token`, 'update', [label]],
      [`${stack}_same`, 'update', [label]],
    ]);

    // token's file changed before stack ever saw it: swarm refuses the adoption, apply falls back to a new version.
    writeFileSync(join(dir, 'token.txt'), 'v2\n');
    const run = deploy(dir, stack);
    expect(run.stderr).toContain(`secret ${stack}_token holds other content than the file; creating ${stack}_token-`);
    const refs = async () =>
      (await engineGet<{ Spec: { TaskTemplate: { ContainerSpec: { Secrets: { SecretName: string }[] } } } }>(`/services/${stack}_app`)).Spec
        .TaskTemplate.ContainerSpec.Secrets.map((s) => s.SecretName)
        .sort();
    const [same, fallback] = await refs();
    expect(same).toBe(`${stack}_same`);
    expect(fallback).toMatch(new RegExp(`^${stack}_token-[0-9a-f]{10}$`));
    expect(changed(diffJson(dir, stack)).map((c) => `${c.action} ${c.type} ${c.name}`)).toEqual([`remove secret ${stack}_token`]);

    // Changed again: planned as a replacement; the service follows; the old versions go with --prune.
    writeFileSync(join(dir, 'token.txt'), 'v3\n');
    const replace = diffJson(dir, stack);
    expect(changed(replace).map((c) => `${c.action} ${c.type}`)).toEqual(['replace secret', 'update service', 'remove secret', 'remove secret']);
    const newName = replace.changes.find((c) => c.action === 'replace')?.name ?? '';
    expect(replace.changes.find((c) => c.type === 'service')?.fields).toEqual([{ path: 'secrets.token.source', before: fallback, after: newName }]);
    deploy(dir, stack, ['--prune']);
    expect(await refs()).toEqual([`${stack}_same`, newName]);
    expect(changed(diffJson(dir, stack))).toEqual([]);
    const left = await engineGet<{ Spec: { Name: string } }[]>(`/secrets?filters=${encodeURIComponent(JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] }))}`);
    expect(left.map((s) => s.Spec.Name).sort()).toEqual([`${stack}_same`, newName]);
  });
});

describe('edits', () => {
  it('shows exactly the changed fields, and predicts restarts that swarm then does', async () => {
    const stack = await useStack('dfit-edit');
    const dir = stackDir({ 'docker-compose.yml': APP, 'app.conf': 'setting=1\n' });
    deploy(dir, stack);
    await waitRunning(`${stack}_web`, 2);

    // Service-level only: labels and replicas keep the running tasks.
    writeFileSync(join(dir, 'docker-compose.yml'), APP.replace('replicas: 2', 'replicas: 3').replace('tier: web', 'tier: front'));
    const scale = diffJson(dir, stack);
    expect(changed(scale).map((c) => ({ name: c.name, action: c.action, restarts: c.restarts, fields: c.fields }))).toEqual([
      {
        name: `${stack}_web`,
        action: 'update',
        restarts: 0,
        fields: [
          { path: 'deploy.replicas', before: 2, after: 3 },
          { path: 'deploy.labels.tier', before: 'web', after: 'front' },
        ],
      },
    ]);
    const kept = await runningTaskIds(`${stack}_web`);
    deploy(dir, stack);
    await waitRunning(`${stack}_web`, 3);
    const afterScale = await runningTaskIds(`${stack}_web`);
    expect(afterScale.filter((id) => kept.includes(id))).toEqual(kept);

    // Task template: environment and image replace every running task.
    writeFileSync(
      join(dir, 'docker-compose.yml'),
      APP.replace('replicas: 2', 'replicas: 3').replace('tier: web', 'tier: front').replace('MODE: one', 'MODE: two').replace(WEB1, WEB2),
    );
    const edit = diffJson(dir, stack);
    const web = changed(edit).find((c) => c.name === `${stack}_web`);
    expect(changed(edit)).toHaveLength(1);
    expect(web?.restarts).toBe(3);
    expect(web?.fields.map((f) => f.path)).toEqual(['image', 'environment.MODE', 'deploy.labels[com.docker.stack.image]']);
    expect(web?.fields[0]?.before).toMatch(new RegExp(`^${WEB1.replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}$`));
    expect(web?.fields[0]?.after).toMatch(new RegExp(`^${WEB2.replace(/[.]/g, '\\.')}@sha256:[0-9a-f]{64}$`));
    expect(web?.fields[1]).toEqual({ path: 'environment.MODE', before: 'one', after: 'two' });
    const text = stackCli(['diff', '-c', 'docker-compose.yml', stack], dir).stdout;
    expect(text).toContain(`  ~ service ${stack}_web (restarts 3 tasks)\n`);
    expect(text).toContain('      environment.MODE: "one" → "two"\n');
    expect(text).toContain('0 to create, 1 to update (restarts 3 tasks), 0 to remove');
    deploy(dir, stack);
    await waitRunning(`${stack}_web`, 3);
    const afterEdit = await runningTaskIds(`${stack}_web`);
    expect(afterEdit.filter((id) => afterScale.includes(id))).toEqual([]);

    // Placement only, still satisfied by every node: predicted and observed no restart.
    writeFileSync(
      join(dir, 'docker-compose.yml'),
      APP.replace('replicas: 2', 'replicas: 3').replace('tier: web', 'tier: front').replace('MODE: one', 'MODE: two').replace(WEB1, WEB2)
        .replace('order: start-first', 'order: start-first\n      placement:\n        constraints: [node.platform.os == linux]'),
    );
    const placement = changed(diffJson(dir, stack));
    expect(placement.map((c) => [c.name, c.restarts, c.fields.map((f) => f.path)])).toEqual([[`${stack}_web`, 0, ['deploy.placement.constraints']]]);
    deploy(dir, stack);
    await waitRunning(`${stack}_web`, 3);
    expect(await runningTaskIds(`${stack}_web`)).toEqual(afterEdit);
  });
});
