// Secrets and configs (§10): top-level specs and service references. Bodies recorded from docker CLI 28.2.2.
import { describe, expect, it } from 'vitest';
import type { StackModel } from '../../../src/model/stack-model.js';
import {
  convertConfigs,
  convertSecrets,
  convertServiceConfigs,
  convertServiceSecrets,
} from '../../../src/convert/file-objects.js';
import { convertCredentialSpec } from '../../../src/convert/service.js';
import { ConvertError } from '../../../src/convert/convert-error.js';
import { convertErrorOf, convertWeb, expectedService, stackModel } from './builders.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const NS = { 'com.docker.stack.namespace': 's' };

const recorded: StackModel = stackModel({
  secrets: {
    db_pw: { file: '/w/pw.txt', labels: { team: 'db' } },
    ext_secret: { external: true },
    named_secret: { file: '/w/pw.txt', name: 'my-secret-v2' },
    empty: { file: '/w/empty.txt', template_driver: 'golang' },
    drv: { driver: 'vault', driver_opts: { path: 'secret/x' } },
    unused: { file: '/w/pw.txt' },
  },
  configs: {
    app: { file: '/w/app.conf' },
    tmpl: { file: '/w/tmpl.conf', template_driver: 'golang', labels: { 'com.docker.stack.namespace': 'evil' } },
    ext_config: { external: true, name: 'real-ext-config' },
    cred: { file: '/w/cred.json' },
  },
});

const secretData = new Map([
  ['db_pw', bytes('pw1')],
  ['named_secret', bytes('pw1')],
  ['empty', bytes('')],
  ['unused', bytes('pw1')],
]);
const configData = new Map([
  ['app', bytes('plain config\n')],
  ['tmpl', bytes('cfg {{ env "X" }}\n')],
  ['cred', bytes('{"CredentialSpec":1}')],
]);

describe('top-level secrets and configs', () => {
  it('converts every non-external secret, used or not, in declaration order', () => {
    expect(convertSecrets(recorded, 's', secretData)).toStrictEqual([
      { key: 'db_pw', name: 's_db_pw', spec: { Name: 's_db_pw', Labels: { ...NS, team: 'db' }, Data: 'cHcx' } },
      { key: 'named_secret', name: 'my-secret-v2', spec: { Name: 'my-secret-v2', Labels: NS, Data: 'cHcx' } },
      { key: 'empty', name: 's_empty', spec: { Name: 's_empty', Labels: NS, Templating: { Name: 'golang' } } },
      { key: 'drv', name: 's_drv', spec: { Name: 's_drv', Labels: NS, Driver: { Name: 'vault', Options: { path: 'secret/x' } } } },
      { key: 'unused', name: 's_unused', spec: { Name: 's_unused', Labels: NS, Data: 'cHcx' } },
    ]);
  });

  it('converts every non-external config; the namespace label overwrites a user label', () => {
    expect(convertConfigs(recorded, 's', configData)).toStrictEqual([
      { key: 'app', name: 's_app', spec: { Name: 's_app', Labels: NS, Data: 'cGxhaW4gY29uZmlnCg==' } },
      {
        key: 'tmpl',
        name: 's_tmpl',
        spec: { Name: 's_tmpl', Labels: NS, Data: 'Y2ZnIHt7IGVudiAiWCIgfX0K', Templating: { Name: 'golang' } },
      },
      { key: 'cred', name: 's_cred', spec: { Name: 's_cred', Labels: NS, Data: 'eyJDcmVkZW50aWFsU3BlYyI6MX0=' } },
    ]);
  });

  it('a driver secret needs no data; driver without options sends only the name', () => {
    const stack = stackModel({ secrets: { d: { driver: 'vault' } } });
    expect(convertSecrets(stack, 's', new Map())).toStrictEqual([
      { key: 'd', name: 's_d', spec: { Name: 's_d', Labels: NS, Driver: { Name: 'vault' } } },
    ]);
  });

  it('encodes binary data as standard base64', () => {
    const stack = stackModel({ configs: { bin: { file: '/w/bin' } } });
    const data = new Map([['bin', new Uint8Array([0, 255, 254, 10])]]);
    expect(convertConfigs(stack, 's', data)[0]?.spec.Data).toBe('AP/+Cg==');
  });

  it('accepts a Buffer slice (uses only its own bytes)', () => {
    const backing = Buffer.from('xxhelloxx');
    const stack = stackModel({ secrets: { s1: { file: '/w/s1' } } });
    expect(convertSecrets(stack, 's', new Map([['s1', backing.subarray(2, 7)]]))[0]?.spec.Data).toBe(Buffer.from('hello').toString('base64'));
  });

  it('fails clearly when the bytes of a file-backed object were not provided', () => {
    const stack = stackModel({ secrets: { s1: { file: '/w/s1' } } });
    expect(() => convertSecrets(stack, 's', new Map())).toThrow(ConvertError);
    expect(() => convertSecrets(stack, 's', new Map())).toThrow('secret s1: no content was provided for it');
  });
});

describe('service secret references', () => {
  it('applies defaults, keeps relative targets as written, sorts by name keeping file order for the same secret', () => {
    const refs = convertServiceSecrets(
      's',
      [
        { source: 'db_pw' },
        { source: 'db_pw', target: '/etc/db/pw', uid: '1000', gid: '1001', mode: 0o400 },
        { source: 'ext_secret', target: 'relative/path' },
        { source: 'named_secret' },
        { source: 'empty' },
        { source: 'drv', mode: 0 },
      ],
      recorded.secrets,
    );
    const file = (Name: string, Mode = 0o444, UID = '0', GID = '0') => ({ Name, UID, GID, Mode });
    expect(refs).toStrictEqual([
      { File: file('relative/path'), SecretName: 'ext_secret' },
      { File: file('named_secret'), SecretName: 'my-secret-v2' },
      { File: file('db_pw'), SecretName: 's_db_pw' },
      { File: file('/etc/db/pw', 256, '1000', '1001'), SecretName: 's_db_pw' },
      { File: file('drv', 0), SecretName: 's_drv' },
      { File: file('empty'), SecretName: 's_empty' },
    ]);
  });

  it('no references → empty list (omitted from the spec)', () => {
    expect(convertServiceSecrets('s', undefined, recorded.secrets)).toStrictEqual([]);
    expect(convertWeb({ image: 'nginx', secrets: [] })).toStrictEqual(expectedService());
  });

  it('rejects an undeclared secret', () => {
    expect(convertErrorOf(() => convertWeb({ image: 'nginx', secrets: [{ source: 'nope' }] }))).toStrictEqual({
      code: 'CONVERT_UNDEFINED_SECRET',
      message: 'service web: undefined secret "nope"',
    });
  });

  it('rejects two references with the same target (before looking up IDs)', () => {
    const parts = { secrets: { x: { external: true }, y: { external: true } } };
    expect(
      convertErrorOf(() => convertWeb({ image: 'nginx', secrets: [{ source: 'x', target: 't' }, { source: 'y', target: 't' }] }, parts)),
    ).toStrictEqual({ code: 'CONVERT_DUPLICATE_TARGET', message: 'service web: duplicate secret target for y not allowed' });
    // the default target is the source key
    expect(
      convertErrorOf(() => convertWeb({ image: 'nginx', secrets: [{ source: 'x' }, { source: 'y', target: 'x' }] }, parts)),
    ).toStrictEqual({ code: 'CONVERT_DUPLICATE_TARGET', message: 'service web: duplicate secret target for y not allowed' });
  });

  it('references an external secret by its name only: whether it exists is checked when planning', () => {
    const parts = { secrets: { x: { external: true, name: 'missing-one' } } };
    const spec = convertWeb({ image: 'nginx', secrets: [{ source: 'x' }] }, parts);
    expect(spec.TaskTemplate.ContainerSpec?.Secrets).toStrictEqual([{ File: { Name: 'x', UID: '0', GID: '0', Mode: 292 }, SecretName: 'missing-one' }]);
  });
});

describe('service config references and credential_spec', () => {
  it('matches docker 28.2.2: a credential-spec config adds a Runtime reference after the file references', () => {
    const spec = convertWeb(
      {
        image: 'nginx',
        configs: [
          { source: 'app' },
          { source: 'tmpl', target: '/etc/app/tmpl.conf', mode: 0o440 },
          { source: 'ext_config' },
          { source: 'cred', target: '/cred.json' },
        ],
        credential_spec: { config: 'cred' },
      },
      { configs: recorded.configs },
    );
    const file = (Name: string, Mode = 292) => ({ Name, UID: '0', GID: '0', Mode });
    expect(spec).toStrictEqual(
      expectedService({
        containerSpec: {
          Privileges: {
            CredentialSpec: { Config: 's_cred', File: '', Registry: '' },
            SELinuxContext: null,
            NoNewPrivileges: false,
          },
          Configs: [
            { File: file('ext_config'), ConfigName: 'real-ext-config' },
            { File: file('app'), ConfigName: 's_app' },
            { File: file('/cred.json'), ConfigName: 's_cred' },
            { Runtime: {}, ConfigName: 's_cred' },
            { File: file('/etc/app/tmpl.conf', 288), ConfigName: 's_tmpl' },
          ],
        },
      }),
    );
  });

  it('a credential-spec config used only at runtime', () => {
    const refs = convertServiceConfigs('s', undefined, { config: 'cred' }, recorded.configs);
    expect(refs).toStrictEqual([{ Runtime: {}, ConfigName: 's_cred' }]);
  });

  it('file and registry credential specs are copied, all three fields sent', () => {
    expect(convertWeb({ image: 'nginx', credential_spec: { file: 'spec.json' } })).toStrictEqual(
      expectedService({
        containerSpec: {
          Privileges: { CredentialSpec: { Config: '', File: 'spec.json', Registry: '' }, SELinuxContext: null, NoNewPrivileges: false },
        },
      }),
    );
    expect(convertWeb({ image: 'nginx', credential_spec: { registry: 'reg-value' } }).TaskTemplate.ContainerSpec?.Privileges).toStrictEqual({
      CredentialSpec: { Config: '', File: '', Registry: 'reg-value' },
      SELinuxContext: null,
      NoNewPrivileges: false,
    });
  });

  it('an empty credential_spec block → CredentialSpec null', () => {
    expect(convertWeb({ image: 'nginx', credential_spec: {} })).toStrictEqual(expectedService());
  });

  it.each([
    [{ config: 'c', file: 'f' }, 'invalid credential spec: cannot specify both "Config" and "File"'],
    [{ config: 'c', registry: 'r' }, 'invalid credential spec: cannot specify both "Config" and "Registry"'],
    [{ file: 'f', registry: 'r' }, 'invalid credential spec: cannot specify both "File" and "Registry"'],
    [{ config: 'c', file: 'f', registry: 'r' }, 'invalid credential spec: cannot specify both "Config", "File", and "Registry"'],
  ])('rejects %j', (credentialSpec, message) => {
    expect(() => convertCredentialSpec('s', credentialSpec, [])).toThrow(message);
  });

  it('finds the config by key first, then by <stack>_<key>, and names it', () => {
    const refs = [
      { Runtime: {}, ConfigName: 's_name' },
      { Runtime: {}, ConfigName: 'name' },
    ];
    expect(convertCredentialSpec('s', { config: 'name' }, refs)?.Config).toBe('name');
    expect(convertCredentialSpec('s', { config: 'name' }, refs.slice(0, 1))?.Config).toBe('s_name');
    expect(() => convertCredentialSpec('s', { config: 'missing' }, refs)).toThrow(
      'invalid credential spec: spec specifies config missing, but no such config can be found',
    );
  });

  it('like docker, fails for a credential-spec config whose name: differs from its key', () => {
    expect(
      convertErrorOf(() =>
        convertWeb({ image: 'nginx', credential_spec: { config: 'ext_config' } }, { configs: recorded.configs }),
      ),
    ).toStrictEqual({
      code: 'CONVERT_CREDENTIAL_SPEC',
      message: 'service web: invalid credential spec: spec specifies config ext_config, but no such config can be found',
    });
  });

  it('rejects an undeclared credential-spec config and an undeclared config reference', () => {
    expect(convertErrorOf(() => convertWeb({ image: 'nginx', credential_spec: { config: 'nope' } }))).toStrictEqual({
      code: 'CONVERT_UNDEFINED_CONFIG',
      message: 'service web: undefined config "nope"',
    });
    expect(convertErrorOf(() => convertWeb({ image: 'nginx', configs: [{ source: 'nope' }] }))).toStrictEqual({
      code: 'CONVERT_UNDEFINED_CONFIG',
      message: 'service web: undefined config "nope"',
    });
  });

  it('rejects duplicate config targets', () => {
    const parts = { configs: { a: { external: true }, b: { external: true } } };
    expect(
      convertErrorOf(() => convertWeb({ image: 'nginx', configs: [{ source: 'a', target: '/x' }, { source: 'b', target: '/x' }] }, parts)),
    ).toStrictEqual({ code: 'CONVERT_DUPLICATE_TARGET', message: 'service web: duplicate config target for b not allowed' });
  });

  it('secrets are checked before configs, like docker', () => {
    expect(
      convertErrorOf(() => convertWeb({ image: 'nginx', secrets: [{ source: 'nope' }], configs: [{ source: 'nope' }] })),
    ).toStrictEqual({ code: 'CONVERT_UNDEFINED_SECRET', message: 'service web: undefined secret "nope"' });
  });
});
