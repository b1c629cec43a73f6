// Which object each secret and config name of the services resolves to, and docker's "not found" check.
import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/dedent.js';
import { LABEL_CONTENT_HASH } from '../../../src/convert/names.js';
import { contentHash } from '../../../src/plan/file-objects.js';
import { checkReferencedObjects } from '../../../src/plan/object-refs.js';
import { STACK, desiredStack, liveConfig, liveSecret, plan, snapshot } from './builders.js';

const NS = { 'com.docker.stack.namespace': STACK };
const hashOf = (text: string): string => contentHash(Buffer.from(text).toString('base64'));

const yaml = dedent`
  services:
    app:
      image: busybox
      secrets: [db, ext]
      configs: [conf, extconf]
  secrets:
    db:
      file: ./db.txt
    ext:
      external: true
      name: shared_token
  configs:
    conf:
      file: ./app.conf
    extconf:
      external: true
`;

describe('plan references', () => {
  it('resolve to the live object kept, the object the plan creates, and external objects by name', async () => {
    const desired = await desiredStack(yaml, { secretData: { db: 'v1' }, configData: { conf: 'c1' } });
    const live = snapshot({
      secrets: [liveSecret('s_db', { ...NS, [LABEL_CONTENT_HASH]: hashOf('v1') }, { id: 'sec-db' }), liveSecret('shared_token', {}, { id: 'sec-ext' })],
      configs: [liveConfig('extconf', {}, 'x', { id: 'cfg-ext' })],
    });
    const result = plan(desired, live);
    expect(result.references).toEqual([
      { type: 'config', name: 'extconf', resolvesTo: 'live', liveId: 'cfg-ext' },
      { type: 'config', name: 's_conf', resolvesTo: 'created' },
      { type: 'secret', name: 's_db', resolvesTo: 'live', liveId: 'sec-db' },
      { type: 'secret', name: 'shared_token', resolvesTo: 'live', liveId: 'sec-ext' },
    ]);
    // The specs name their objects and carry no ID.
    const container = result.changes.find((c) => c.type === 'service')?.desired?.TaskTemplate.ContainerSpec;
    expect(JSON.stringify(container)).not.toMatch(/SecretID|ConfigID/);
  });

  it('leave out a name found nowhere (a drift report plans such specs; a deploy refuses them first)', async () => {
    const desired = await desiredStack(yaml, { secretData: { db: 'v1' }, configData: { conf: 'c1' } });
    expect(plan(desired, snapshot()).references.map((r) => r.name)).toEqual(['s_conf', 's_db']);
  });
});

describe('checkReferencedObjects: docker refuses a reference to an object that does not exist', () => {
  it('fails for a missing external secret, then config, in docker words; declared objects are created by the deploy', async () => {
    const desired = await desiredStack(yaml, { secretData: { db: 'v1' }, configData: { conf: 'c1' } });
    const error = (run: () => void): unknown => {
      try {
        run();
      } catch (caught) {
        return { code: (caught as { code: string }).code, message: (caught as Error).message };
      }
      return undefined;
    };
    expect(error(() => checkReferencedObjects(desired, snapshot()))).toEqual({ code: 'CONVERT_SECRET_NOT_FOUND', message: 'service app: secret not found: shared_token' });
    const withSecret = snapshot({ secrets: [liveSecret('shared_token', {})] });
    expect(error(() => checkReferencedObjects(desired, withSecret))).toEqual({ code: 'CONVERT_CONFIG_NOT_FOUND', message: 'service app: config not found: extconf' });
    const both = snapshot({ secrets: [liveSecret('shared_token', {})], configs: [liveConfig('extconf', {}, 'x')] });
    expect(() => checkReferencedObjects(desired, both)).not.toThrow();
  });
});
