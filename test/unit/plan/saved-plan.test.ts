import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/dedent.js';
import { StackError } from '../../../src/errors/stack-error.js';
import { planHasChanges } from '../../../src/plan/plan.js';
import {
  checkPlanFits,
  decodeSavedPlan,
  encodeSavedPlan,
  liveVersions,
  restoreSecrets,
  secretHmac,
  checkNotStale,
  staleObjects,
  type SavedPlanFile,
} from '../../../src/plan/saved-plan.js';
import { STACK, desiredStack, liveNetwork, liveSecret, liveService, plan, snapshot } from './builders.js';

const YAML = dedent`
  services:
    web:
      image: registry.local/web:1
      secrets: [token]
      configs: [conf]
  secrets:
    token:
      file: ./token.txt
  configs:
    conf:
      file: ./app.conf
`;
const SECRET = 'hunter2-very-secret';
const SALT = Buffer.alloc(32, 7);

async function saved(options: { planKey?: string; secret?: string } = {}): Promise<{ file: SavedPlanFile; live: ReturnType<typeof snapshot> }> {
  const before = await desiredStack(YAML, { secretData: { token: 'old-value' }, configData: { conf: 'conf-data' } });
  const web = liveService(before.services[0]!.spec, { version: 40 });
  const live = snapshot({
    services: [web],
    networks: [liveNetwork('s_default', { stack: STACK }), liveNetwork('unrelated')],
    secrets: [liveSecret('s_token', { 'com.docker.stack.namespace': STACK, 'io.stack.content-hash': 'f'.repeat(64) }, { version: 12 }), liveSecret('other', {})],
  });
  const desired = await desiredStack(YAML, { secretData: { token: options.secret ?? SECRET }, configData: { conf: 'conf-data' } });
  const file = encodeSavedPlan({
    plan: plan(desired, live),
    snapshot: live,
    toolVersion: '1.2.3',
    clusterId: 'cluster-a',
    apiVersion: '1.41',
    sources: [{ path: 'docker-compose.yml', sha256: 'a'.repeat(64) }],
    withRegistryAuth: false,
    dependsOn: new Map([['web', []]]),
    secretValues: new Map([['token', { source: { file: 'token.txt' }, data: Buffer.from(options.secret ?? SECRET) }]]),
    planKey: options.planKey,
    salt: SALT,
    now: new Date('2026-01-02T03:04:05Z'),
  });
  return { file, live };
}

function thrown(fn: () => unknown): StackError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StackError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('saved plan file', () => {
  it('holds no secret value, no content hash of it, only an HMAC and where the value comes from', async () => {
    const { file } = await saved();
    const text = JSON.stringify(file);
    const sha = (await import('node:crypto')).createHash('sha256').update(SECRET).digest('hex');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(text).not.toContain(sha);
    expect(text).not.toContain('io.stack.content-hash');
    expect(file.secrets).toEqual([{ name: expect.stringMatching(/^s_token-[0-9a-f]{10}$/), key: 'token', source: { file: 'token.txt' }, hmac: secretHmac(Buffer.from(SECRET), SALT, undefined) }]);
    // Config data is not secret: it stays, so the plan executes without the config file.
    expect(text).toContain(Buffer.from('conf-data').toString('base64'));
    expect(file).toMatchObject({ format: 'stack-saved-plan/3', stack: STACK, toolVersion: '1.2.3', clusterId: 'cluster-a', keyed: false, salt: SALT.toString('hex') });
  });

  it('records the version of every object of the stack and of what it references, not of unrelated ones', async () => {
    const { file } = await saved();
    expect(file.live.map((o) => `${o.type} ${o.name} ${o.version}`)).toEqual(['network s_default 0', 'secret s_token 12', 'service s_web 40']);
  });

  it('round-trips through JSON and restores the secret data, label and hash when the value is the same', async () => {
    const { file } = await saved();
    const decoded = decodeSavedPlan(JSON.stringify(file), 'plan.json');
    const restored = restoreSecrets(decoded, 'plan.json', () => Buffer.from(SECRET), undefined);
    const secret = restored.changes.find((c) => c.type === 'secret' && c.action !== 'remove');
    expect(secret?.type === 'secret' && secret.desired?.Data).toBe(Buffer.from(SECRET).toString('base64'));
    expect(secret?.type === 'secret' && secret.desired?.Labels?.['io.stack.content-hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(secret?.type === 'secret' && secret.contentHash).toBe(secret?.type === 'secret' ? secret.desired?.Labels?.['io.stack.content-hash'] : '');
    expect(planHasChanges(restored)).toBe(true);
  });

  it('refuses a changed or missing secret value, naming the secret and its source but not the value', async () => {
    const { file } = await saved();
    const changed = thrown(() => restoreSecrets(file, 'plan.json', () => Buffer.from('another value'), undefined));
    expect(changed.code).toBe('PLAN_SECRET_MISMATCH');
    expect(changed.message).toContain('secret token: the value in file token.txt differs from the one the plan was made with');
    expect(changed.message).not.toContain('another value');
    const missing = thrown(() => restoreSecrets(file, 'plan.json', () => undefined, undefined));
    expect(missing.message).toContain('secret token: file token.txt cannot be read');
  });

  it('with STACK_PLAN_KEY the HMAC needs the key: missing or other keys are refused', async () => {
    const { file } = await saved({ planKey: 'k1' });
    expect(file.keyed).toBe(true);
    expect(file.secrets[0]!.hmac).not.toBe(secretHmac(Buffer.from(SECRET), SALT, undefined));
    expect(thrown(() => restoreSecrets(file, 'plan.json', () => Buffer.from(SECRET), undefined)).code).toBe('PLAN_KEY_MISSING');
    expect(thrown(() => restoreSecrets(file, 'plan.json', () => Buffer.from(SECRET), 'k2')).message).toContain('(or STACK_PLAN_KEY differs)');
    expect(() => restoreSecrets(file, 'plan.json', () => Buffer.from(SECRET), 'k1')).not.toThrow();
  });

  it('refuses another stack, another tool version and another cluster, in that order', async () => {
    const { file } = await saved();
    expect(thrown(() => checkPlanFits(file, 'plan.json', { stack: 'prod', toolVersion: '1.2.3' })).message).toBe('plan.json is a plan for stack s, not prod');
    expect(thrown(() => checkPlanFits(file, 'plan.json', { stack: STACK, toolVersion: '1.2.4' })).message).toBe(
      'plan.json was made by stack 1.2.3; this is stack 1.2.4, which executes only its own plans',
    );
    expect(thrown(() => checkPlanFits(file, 'plan.json', { stack: STACK, toolVersion: '1.2.3', clusterId: 'cluster-b' })).code).toBe('PLAN_OTHER_CLUSTER');
    expect(() => checkPlanFits(file, 'plan.json', { stack: STACK, toolVersion: '1.2.3', clusterId: 'cluster-a' })).not.toThrow();
  });

  it('rejects files that are not saved plans with a clear message', () => {
    expect(thrown(() => decodeSavedPlan('{', 'p.json')).message).toBe('p.json is not a saved plan stack can execute: it is not valid JSON');
    expect(thrown(() => decodeSavedPlan('{"stack":"x"}', 'p.json')).code).toBe('PLAN_FILE_INVALID');
    expect(thrown(() => decodeSavedPlan('{"format":"stack-saved-plan/9"}', 'p.json')).code).toBe('PLAN_FORMAT');
    // Format 1 plans bound secret and config IDs in their specs; format 2 plans name them and list what each resolves to.
    expect(thrown(() => decodeSavedPlan('{"format":"stack-saved-plan/1"}', 'p.json')).message).toBe(
      'p.json is a saved plan of format stack-saved-plan/1; this version of stack executes stack-saved-plan/3',
    );
    // Format 2 plans carry problems and placement exclusions as sentences; format 3 plans as codes with data.
    expect(thrown(() => decodeSavedPlan('{"format":"stack-saved-plan/2"}', 'p.json')).code).toBe('PLAN_FORMAT');
  });

  it('is stale when an object it saw changed version, disappeared, or a new one of the stack appeared', async () => {
    const { file, live } = await saved();
    expect(staleObjects(file.live, liveVersions(file.plan, live))).toEqual([]);
    const edited = { ...live, services: [{ ...live.services[0]!, Version: { Index: 41 } }] };
    expect(staleObjects(file.live, liveVersions(file.plan, edited))).toEqual(['service s_web changed (version 40 → 41)']);
    const extra = liveService({ ...live.services[0]!.Spec, Name: 's_extra' }, { id: 'x1' });
    const grown = { ...live, services: [...live.services, extra], secrets: live.secrets.filter((s) => s.Spec.Name !== 's_token') };
    expect(staleObjects(file.live, liveVersions(file.plan, grown))).toEqual(['secret s_token removed or recreated', 'service s_extra created']);
    expect(() => checkNotStale(file, 'plan.json', liveVersions(file.plan, live))).not.toThrow();
    const stale = thrown(() => checkNotStale(file, 'plan.json', liveVersions(file.plan, edited)));
    expect(stale.code).toBe('PLAN_STALE');
    expect(stale.message).toBe(`plan.json is stale: the stack changed since the plan was made (${file.createdAt}):\n  service s_web changed (version 40 → 41)`);
    expect(stale.hint).toBe('nothing was written; make the plan again (stack diff ... --out FILE), review it, and apply the new one');
  });

  it('cannot be saved when a secret value has no source to read again', async () => {
    const { live } = await saved();
    const desired = await desiredStack(YAML, { secretData: { token: SECRET }, configData: { conf: 'c' } });
    const error = thrown(() =>
      encodeSavedPlan({ plan: plan(desired, live), snapshot: live, toolVersion: '1', clusterId: 'c', apiVersion: '1.41', sources: [], withRegistryAuth: false, dependsOn: new Map(), secretValues: new Map() }),
    );
    expect(error.code).toBe('PLAN_SECRET_INLINE');
  });
});
