import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/dedent.js';
import type { DesiredConfig, DesiredSecret } from '../../../src/convert/file-objects.js';
import { LABEL_CONTENT_HASH } from '../../../src/convert/names.js';
import {
  contentHash,
  isVersionOf,
  planFileObjects,
  versionedName,
} from '../../../src/plan/file-objects.js';
import { STACK, desiredStack, liveConfig, liveSecret, plan, snapshot } from './builders.js';
import { reasonText } from '../../../src/render/plan-words.js';
import type { ChangeReason } from '../../../src/plan/reasons.js';

/** A reason as the renderers word it. */
const words = (reason: ChangeReason | undefined): string | undefined => (reason ? reasonText(reason) : undefined);

const NS = { 'com.docker.stack.namespace': STACK };
const b64 = (text: string): string => Buffer.from(text).toString('base64');
const hashOf = (text: string): string => contentHash(b64(text));

function secret(content: string, labels: Record<string, string> = {}): DesiredSecret {
  return { key: 'db', name: 's_db', spec: { Name: 's_db', Labels: { ...labels, ...NS }, Data: b64(content) } };
}

function config(content: string): DesiredConfig {
  return { key: 'conf', name: 's_conf', spec: { Name: 's_conf', Labels: { ...NS }, Data: b64(content) } };
}

describe('versioned names', () => {
  it('are <name>-<10 hex of the content hash>', () => {
    expect(versionedName('s_db', hashOf('v2'))).toBe(`s_db-${hashOf('v2').slice(0, 10)}`);
  });

  it('stay within 64 characters and end the base on an alphanumeric', () => {
    const long = `${'a'.repeat(52)}_x`;
    const name = versionedName(long, hashOf('x'));
    expect(name).toHaveLength(63);
    expect(name).toBe(`${'a'.repeat(52)}-${hashOf('x').slice(0, 10)}`);
    expect(versionedName('b'.repeat(70), hashOf('x'))).toHaveLength(64);
  });

  it('are recognised as versions of their name, others are not', () => {
    expect(isVersionOf(versionedName('s_db', hashOf('a')), 's_db')).toBe(true);
    expect(isVersionOf('s_db', 's_db')).toBe(true);
    expect(isVersionOf('s_db2', 's_db')).toBe(false);
    expect(isVersionOf('s_dbx-0123456789', 's_db')).toBe(false);
  });
});

describe('secrets', () => {
  it('create: new secrets carry the content hash label', () => {
    const { changes, chosen } = planFileObjects('secret', STACK, [secret('v1')], [], new Set());
    expect(changes).toEqual([
      {
        type: 'secret',
        key: 'db',
        contentHash: hashOf('v1'),
        name: 's_db',
        action: 'create',
        fields: [],
        desired: { Name: 's_db', Labels: { ...NS, [LABEL_CONTENT_HASH]: hashOf('v1') }, Data: b64('v1') },
      },
    ]);
    expect(chosen.get('s_db')).toEqual({ name: 's_db' });
  });

  it('none: same hash label and labels', () => {
    const live = liveSecret('s_db', { ...NS, [LABEL_CONTENT_HASH]: hashOf('v1') });
    const { changes, chosen } = planFileObjects('secret', STACK, [secret('v1')], [live], new Set());
    expect(changes.map((c) => c.action)).toEqual(['none']);
    expect(chosen.get('s_db')).toEqual({ name: 's_db', id: 'id-s_db' });
  });

  it('update: only labels changed', () => {
    const live = liveSecret('s_db', { ...NS, [LABEL_CONTENT_HASH]: hashOf('v1') });
    const [change] = planFileObjects('secret', STACK, [secret('v1', { team: 'a' })], [live], new Set()).changes;
    expect(change).toMatchObject({ action: 'update', liveId: 'id-s_db', liveVersion: 5, fields: [{ path: 'labels.team', before: undefined, after: 'a' }] });
  });

  it('adoption: a secret made by docker (no hash label) gets an update adding it, with a versioned fallback', () => {
    const live = liveSecret('s_db', { ...NS });
    const [change] = planFileObjects('secret', STACK, [secret('v1')], [live], new Set()).changes;
    expect(change).toMatchObject({
      action: 'update',
      fields: [{ path: `labels[${LABEL_CONTENT_HASH}]`, before: undefined, after: hashOf('v1'), sensitive: true }],
      fallback: { name: versionedName('s_db', hashOf('v1')) },
    });
    expect(words(change?.reason)).toContain('content could not be verified');
  });

  it('replace: changed content makes a versioned secret, services move to it, the old one is marked for removal', () => {
    const live = liveSecret('s_db', { ...NS, [LABEL_CONTENT_HASH]: hashOf('v1') });
    const { changes, chosen } = planFileObjects('secret', STACK, [secret('v2')], [live], new Set(['s_db']));
    const name = versionedName('s_db', hashOf('v2'));
    expect(changes.map((c) => `${c.action} ${c.name}`)).toEqual([`replace ${name}`, 'remove s_db']);
    expect(changes[0]).toMatchObject({ replaces: 's_db' });
    expect(changes[0]?.fields).toEqual([{ path: 'content', before: `sha256:${hashOf('v1').slice(0, 12)}`, after: `sha256:${hashOf('v2').slice(0, 12)}`, sensitive: true }]);
    expect(words(changes[1]?.reason)).toBe(`replaced by ${name}`);
    expect(chosen.get('s_db')).toEqual({ name });
  });

  it('a label-less secret no longer in use (replaced by a versioned one) is not adopted again', () => {
    const base = liveSecret('s_db', { ...NS });
    const v2Name = versionedName('s_db', hashOf('v2'));
    const v2 = liveSecret(v2Name, { ...NS, [LABEL_CONTENT_HASH]: hashOf('v2') });
    const { changes } = planFileObjects('secret', STACK, [secret('v3')], [base, v2], new Set([v2Name]));
    expect(changes.map((c) => `${c.action} ${c.name}`)).toEqual([`replace ${versionedName('s_db', hashOf('v3'))}`, 'remove s_db', `remove ${v2Name}`]);
    expect(changes[0]).toMatchObject({ replaces: v2Name });
  });

  it('going back to earlier content reuses the object that holds it', () => {
    const v1 = liveSecret('s_db', { ...NS, [LABEL_CONTENT_HASH]: hashOf('v1') });
    const v2Name = versionedName('s_db', hashOf('v2'));
    const v2 = liveSecret(v2Name, { ...NS, [LABEL_CONTENT_HASH]: hashOf('v2') });
    const { changes } = planFileObjects('secret', STACK, [secret('v1')], [v1, v2], new Set([v2Name]));
    expect(changes.map((c) => `${c.action} ${c.name}`)).toEqual(['none s_db', `remove ${v2Name}`]);
    expect(words(changes[1]?.reason)).toBe('other content of s_db, no longer used (now s_db)');
  });

  it("removal: stack secrets no longer in the file; other stacks' secrets and stack's own records are left alone", () => {
    const gone = liveSecret('s_gone', { ...NS });
    const other = liveSecret('t_db', { 'com.docker.stack.namespace': 't' });
    const record = liveSecret('s_record', { ...NS, 'io.stack.history': STACK });
    const { changes } = planFileObjects('secret', STACK, [], [gone, other, record], new Set());
    expect(changes).toEqual([{ name: 's_gone', action: 'remove', fields: [], liveId: 'id-s_gone', liveVersion: 5, reason: { code: 'not-in-source' }, type: 'secret' }]);
  });
});

describe('configs', () => {
  it('compare the live data directly (no label is added)', () => {
    const live = liveConfig('s_conf', { ...NS }, 'c1');
    const { changes } = planFileObjects('config', STACK, [config('c1')], [live], new Set());
    expect(changes.map((c) => c.action)).toEqual(['none']);
  });

  it('changed data is a versioned replacement with the hashes shown', () => {
    const live = liveConfig('s_conf', { ...NS }, 'c1');
    const { changes } = planFileObjects('config', STACK, [config('c2')], [live], new Set());
    expect(changes[0]).toMatchObject({
      action: 'replace',
      name: versionedName('s_conf', hashOf('c2')),
      fields: [{ path: 'content', before: `sha256:${hashOf('c1').slice(0, 12)}`, after: `sha256:${hashOf('c2').slice(0, 12)}` }],
    });
  });
});

describe('services follow the chosen objects', () => {
  const yaml = dedent`
    version: "3.8"
    services:
      app:
        image: busybox
        secrets: [db]
        configs:
          - source: conf
            target: /etc/app.conf
    secrets:
      db:
        file: ./db.txt
    configs:
      conf:
        file: ./app.conf
  `;

  it('a replaced secret and config: the service references the new names, which the plan resolves to objects it creates', async () => {
    const desired = await desiredStack(yaml, {
      secretData: { db: 'v2' },
      configData: { conf: 'c2' },
    });
    const live = snapshot({
      secrets: [liveSecret('s_db', { ...NS, [LABEL_CONTENT_HASH]: hashOf('v1') })],
      configs: [liveConfig('s_conf', { ...NS }, 'c1')],
    });
    const result = plan(desired, live);
    const container = result.changes.find((c) => c.type === 'service')?.desired?.TaskTemplate.ContainerSpec;
    const secretName = versionedName('s_db', hashOf('v2'));
    const configName = versionedName('s_conf', hashOf('c2'));
    expect(container?.Secrets).toEqual([{ File: { Name: 'db', UID: '0', GID: '0', Mode: 292 }, SecretName: secretName }]);
    expect(container?.Configs).toEqual([{ File: { Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 292 }, ConfigName: configName }]);
    expect(result.references).toEqual([
      { type: 'config', name: configName, resolvesTo: 'created' },
      { type: 'secret', name: secretName, resolvesTo: 'created' },
    ]);
  });
});
