/**
 * Secrets and configs: top-level specs (docker/cli v28.2.2 `convert/compose.go` Secrets/Configs) and the
 * references services carry (`convert/service.go` convertFileObject, convertServiceSecrets,
 * convertServiceConfigObjs; `command/service/parse.go` ParseSecrets/ParseConfigs).
 * File contents come in as arguments. Services reference secrets and configs by name only: which object a name
 * resolves to is the plan's business (src/plan/object-refs.ts), and IDs are set by src/apply/bind-object-refs.ts.
 */
import type {
  ConfigModel,
  CredentialSpecModel,
  ExternalModel,
  FileReferenceModel,
  SecretModel,
  StackModel,
} from '../model/stack-model.js';
import { ConvertError, ConvertRuleError } from './convert-error.js';
import { compact, compareGoStrings, goSliceStable, omitEmptyMap } from './go-compat.js';
import { declaredObjectName, withStackLabel } from './names.js';
import type { ConfigReference, ConfigSpec, FileTarget, SecretReference, SecretSpec } from './swarm-types.js';

/** Default `File.Mode` of a secret or config reference (0444). */
export const DEFAULT_FILE_MODE = 0o444;

/** A top-level secret to create or update. */
export interface DesiredSecret {
  key: string;
  name: string;
  spec: SecretSpec;
}

/** A top-level config to create or update. */
export interface DesiredConfig {
  key: string;
  name: string;
  spec: ConfigSpec;
}

/** Bytes of file-backed objects by Compose key (file, or for the Compose Specification environment/content). */
export type FileObjectData = ReadonlyMap<string, Uint8Array>;

/**
 * Every non-external top-level secret, used or not, in declaration order. A secret with `driver` gets
 * `Driver {Name, Options}` and no data; any other needs its bytes in `data` (ConvertError otherwise).
 */
export function convertSecrets(stack: StackModel, stackName: string, data: FileObjectData): DesiredSecret[] {
  const result: DesiredSecret[] = [];
  for (const [key, secret] of Object.entries(stack.secrets)) {
    if (secret.external) continue;
    const name = declaredObjectName(stackName, key, secret);
    const spec: SecretSpec = compact<SecretSpec>({
      Name: name,
      Labels: withStackLabel(stackName, secret.labels),
      Data: secret.driver ? undefined : encodeData(requireData(data, 'secret', key)),
      Driver: secret.driver ? compact({ Name: secret.driver, Options: omitEmptyMap(secret.driver_opts) }) : undefined,
      Templating: secret.template_driver ? { Name: secret.template_driver } : undefined,
    });
    result.push({ key, name, spec });
  }
  return result;
}

/** Every non-external top-level config, used or not, in declaration order. */
export function convertConfigs(stack: StackModel, stackName: string, data: FileObjectData): DesiredConfig[] {
  const result: DesiredConfig[] = [];
  for (const [key, config] of Object.entries(stack.configs)) {
    if (config.external) continue;
    const name = declaredObjectName(stackName, key, config);
    const spec: ConfigSpec = compact<ConfigSpec>({
      Name: name,
      Labels: withStackLabel(stackName, config.labels),
      Data: encodeData(requireData(data, 'config', key)),
      Templating: config.template_driver ? { Name: config.template_driver } : undefined,
    });
    result.push({ key, name, spec });
  }
  return result;
}

function requireData(data: FileObjectData, kind: 'secret' | 'config', key: string): Uint8Array {
  const bytes = data.get(key);
  if (bytes === undefined) {
    throw new ConvertError('CONVERT_FILE_DATA_MISSING', `${kind} ${key}: no content was provided for it`, {
      hint: 'this is a bug: the file of every non-external secret and config must be read before conversion',
    });
  }
  return bytes;
}

// Go marshals []byte as standard base64 and drops an empty slice (omitempty).
function encodeData(bytes: Uint8Array): string | undefined {
  return bytes.length === 0 ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

interface ResolvedReference {
  name: string;
  file: FileTarget;
}

/** docker's convertFileObject: the referenced name and the file target with defaults (target = source key). */
function resolveReference(
  stackName: string,
  kind: 'secret' | 'config',
  reference: FileReferenceModel,
  declarations: Readonly<Record<string, ExternalModel>>,
): ResolvedReference {
  const declaration = Object.hasOwn(declarations, reference.source) ? declarations[reference.source] : undefined;
  if (declaration === undefined) {
    throw new ConvertRuleError(
      kind === 'secret' ? 'CONVERT_UNDEFINED_SECRET' : 'CONVERT_UNDEFINED_CONFIG',
      `undefined ${kind} ${JSON.stringify(reference.source)}`,
    );
  }
  return {
    name: declaredObjectName(stackName, reference.source, declaration),
    file: {
      Name: reference.target || reference.source,
      UID: reference.uid || '0',
      GID: reference.gid || '0',
      Mode: reference.mode ?? DEFAULT_FILE_MODE,
    },
  };
}

/**
 * `ContainerSpec.Secrets`: one reference per entry with File {Name: target or the source key, UID/GID "0",
 * Mode 0444 by default}; relative targets are sent as written (the daemon puts them under /run/secrets/).
 * Two entries with the same target are an error. Sorted by SecretName, stably: references to the same secret keep
 * their file order. (docker collects them in a Go map first; with Go 1.24 and up to 8 references the map iterates in
 * insertion order rotated by a random offset, so docker usually, but not always, keeps file order too.)
 */
export function convertServiceSecrets(
  stackName: string,
  references: readonly FileReferenceModel[] | undefined,
  declarations: Readonly<Record<string, SecretModel>>,
): SecretReference[] {
  const resolved = (references ?? []).map((ref) => resolveReference(stackName, 'secret', ref, declarations));
  const targets = new Set<string>();
  for (const ref of resolved) {
    if (targets.has(ref.file.Name)) {
      throw new ConvertRuleError('CONVERT_DUPLICATE_TARGET', `duplicate secret target for ${ref.name} not allowed`);
    }
    targets.add(ref.file.Name);
  }
  const refs = resolved.map<SecretReference>((ref) => ({
    File: ref.file,
    SecretName: ref.name,
  }));
  return goSliceStable(refs, (a, b) => compareGoStrings(a.SecretName, b.SecretName) < 0);
}

/**
 * `ContainerSpec.Configs`: like secrets, plus a Runtime reference (no File) for a `credential_spec.config`, listed
 * once and after the file references to the same config. Sorted by ConfigName (stable, as for secrets).
 */
export function convertServiceConfigs(
  stackName: string,
  references: readonly FileReferenceModel[] | undefined,
  credentialSpec: CredentialSpecModel | undefined,
  declarations: Readonly<Record<string, ConfigModel>>,
): ConfigReference[] {
  const resolved = (references ?? []).map((ref) => resolveReference(stackName, 'config', ref, declarations));
  let runtimeName: string | undefined;
  if (credentialSpec?.config) {
    const key = credentialSpec.config;
    const declaration = Object.hasOwn(declarations, key) ? declarations[key] : undefined;
    if (declaration === undefined) {
      throw new ConvertRuleError('CONVERT_UNDEFINED_CONFIG', `undefined config ${JSON.stringify(key)}`);
    }
    runtimeName = declaredObjectName(stackName, key, declaration);
  }
  const targets = new Set<string>();
  for (const ref of resolved) {
    if (targets.has(ref.file.Name)) {
      throw new ConvertRuleError('CONVERT_DUPLICATE_TARGET', `duplicate config target for ${ref.name} not allowed`);
    }
    targets.add(ref.file.Name);
  }
  const fileRefs = resolved.map<ConfigReference>((ref) => ({
    File: ref.file,
    ConfigName: ref.name,
  }));
  const ordered = [...fileRefs];
  if (runtimeName !== undefined) {
    ordered.push({ Runtime: {}, ConfigName: runtimeName });
  }
  return goSliceStable(ordered, (a, b) => compareGoStrings(a.ConfigName, b.ConfigName) < 0);
}
