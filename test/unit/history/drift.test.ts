import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/dedent.js';
import { driftFromRecord } from '../../../src/history/drift.js';
import { changedFromPlan, desiredFromPlan } from '../../../src/history/build-record.js';
import { RECORD_FORMAT, type RevisionRecord } from '../../../src/history/record.js';
import { renderDrift, renderDriftMarkdown, driftToJson } from '../../../src/render/drift.js';
import { STACK, desiredStack, liveConfig, liveNetwork, liveSecret, liveService, plan, snapshot } from '../plan/builders.js';

const YAML = dedent`
  services:
    web:
      image: registry.local/web:1
      secrets: [token]
      configs: [conf]
      deploy:
        replicas: 2
  secrets:
    token:
      file: ./token.txt
  configs:
    conf:
      file: ./app.conf
`;

/** A record of the YAML deployed on an empty cluster, and the live state it left. */
async function deployed() {
  const desired = await desiredStack(YAML, { secretData: { token: 'tok' }, configData: { conf: 'conf-1' } });
  const first = plan(desired, snapshot());
  const record: RevisionRecord = {
    format: RECORD_FORMAT,
    stack: STACK,
    revision: 3,
    createdAt: '2026-01-02T03:04:05.000Z',
    user: 'u',
    host: 'h',
    command: 'stack deploy',
    toolVersion: '1',
    sources: [],
    changed: changedFromPlan(first),
    desired: desiredFromPlan(first),
    outcome: 'succeeded',
  };
  const secret = first.changes.find((c) => c.type === 'secret');
  const hash = secret?.type === 'secret' ? secret.contentHash! : '';
  const live = snapshot({
    services: desired.services.map((s) => liveService(s.spec)),
    networks: [liveNetwork('s_default', { stack: STACK })],
    secrets: [liveSecret('s_token', { 'com.docker.stack.namespace': STACK, 'io.stack.content-hash': hash })],
    configs: [liveConfig('s_conf', { 'com.docker.stack.namespace': STACK }, 'conf-1')],
  });
  return { record, live, hash };
}

describe('drift from the newest revision', () => {
  it('none right after the deploy', async () => {
    const { record, live } = await deployed();
    const report = driftFromRecord(record, live, '1.41');
    expect(report.items).toEqual([]);
    expect(renderDrift(report, { colour: false })).toBe('No drift: stack s matches revision 3 (succeeded, recorded 2026-01-02T03:04:05.000Z).\n');
  });

  it('a scaled service, an added one, a secret with other content and a config with other labels; fields read recorded → live', async () => {
    const { record, live } = await deployed();
    const web = live.services[0]!;
    const scaled = { ...web, Spec: { ...web.Spec, Mode: { Replicated: { Replicas: 5 } } } };
    const extra = liveService({ ...web.Spec, Name: 's_extra' }, { id: 'x' });
    const drifted = {
      ...live,
      services: [scaled, extra],
      secrets: [liveSecret('s_token', { 'com.docker.stack.namespace': STACK, 'io.stack.content-hash': 'e'.repeat(64) })],
      configs: [liveConfig('s_conf', { 'com.docker.stack.namespace': STACK, team: 'ops' }, 'conf-1')],
    };
    const report = driftFromRecord(record, drifted, '1.41');
    expect(report.items.map((i) => `${i.drift} ${i.type} ${i.name}`)).toEqual(['changed service s_web', 'added service s_extra', 'changed secret s_token', 'changed config s_conf']);
    expect(renderDrift(report, { colour: false })).toBe(dedent`
      Drift: stack s differs from revision 3 (succeeded, recorded 2026-01-02T03:04:05.000Z):
        ~ service s_web changed outside stack
            deploy.replicas: 2 → 5
        + service s_extra added outside stack (has the stack label, not in the revision)
        ~ secret s_token changed outside stack
            content: (sensitive value differs)
        ~ config s_conf changed outside stack
            labels[team]: (absent) → "ops"

      4 objects differ (fields read recorded → live)
    `);
    const json = driftToJson(report) as { drifted: boolean; items: { fields: unknown[] }[] };
    expect(json.drifted).toBe(true);
    expect(json.items[0]!.fields).toEqual([{ path: 'deploy.replicas', recorded: 2, live: 5 }]);
    expect(json.items[2]!.fields).toEqual([{ path: 'content', recorded: null, live: null, sensitive: true }]);
    expect(renderDriftMarkdown(report)).toContain('| ~ changed | service | `s_web` | 1 |');
  });

  it('removed services, secrets and configs are missing', async () => {
    const { record, live } = await deployed();
    const report = driftFromRecord(record, { ...live, services: [], secrets: [], configs: [] }, '1.41');
    expect(report.items.map((i) => `${i.drift} ${i.type} ${i.name}`)).toEqual(['missing service s_web', 'missing secret s_token', 'missing config s_conf']);
  });
});
