import type { StackModel } from '../model/stack-model.js';
import {
  convertConfigs,
  convertSecrets,
  type DesiredConfig,
  type DesiredSecret,
  type FileObjectData,
} from './file-objects.js';
import { scopedName } from '../docker/names.js';
import { validateStackName } from './names.js';
import { convertNetworks, type DesiredNetwork } from './networks.js';
import { convertService, type ConvertOptions } from './service.js';
import type { ServiceSpec } from './swarm-types.js';

/** What conversion needs from outside the model: file contents (nothing is looked up in the cluster). */
export interface StackLookups {
  /** Bytes of every non-external, non-driver top-level secret, by Compose key. */
  secretData: FileObjectData;
  /** Bytes of every non-external top-level config, by Compose key. */
  configData: FileObjectData;
  options?: ConvertOptions;
}

/** One service to create or update. */
export interface DesiredService {
  /** Compose key (unscoped name). */
  key: string;
  /** `<stack>_<key>`. */
  name: string;
  /**
   * The full spec docker CLI 28.2.2 sends, before the two client-side steps of ServiceCreate/ServiceUpdate:
   * `ContainerSpec.Image` is as written (apply `normalizeImageReference`, and digest pinning when resolving), and
   * `TaskTemplate.ForceUpdate` is 0 (an update copies the live value).
   */
  spec: ServiceSpec;
}

/**
 * Everything `docker stack deploy` would write for a stack, as Engine API request bodies.
 *
 * Invariants:
 * - pure function of (model, stack name, lookups): no I/O, same input → same output (deep-equal and same key order);
 * - every object carries `com.docker.stack.namespace=<stack>` (written last over user labels); services also carry
 *   `com.docker.stack.image`;
 * - `networks`: only networks referenced by a service (a service without `networks` uses `default`), non-external,
 *   sorted by name, each a complete create body (driver defaulted to overlay); existing networks are never updated;
 * - `externalNetworks`: names of referenced external networks, first-use order, without duplicates; the deploy checks
 *   that the user-defined ones exist with swarm scope (see `isUserDefinedNetwork`);
 * - `secrets`/`configs`: every non-external top-level object, used or not, in declaration order;
 * - `services`: every service in model order; secret/config references (and a credential spec's config) name their
 *   object and carry no ID: the plan resolves names, apply binds IDs (src/apply/bind-object-refs.ts);
 * - objects have no `undefined`-valued keys; values Go would omit are absent, values Go sends empty are present.
 */
export interface DesiredStack {
  stackName: string;
  networks: DesiredNetwork[];
  externalNetworks: string[];
  secrets: DesiredSecret[];
  configs: DesiredConfig[];
  services: DesiredService[];
}

/**
 * Converts a whole stack: the one entry point of src/convert. Throws ConvertError (a StackError with a CONVERT_* code)
 * for an invalid stack name or any conversion failure docker would report; nothing is partially returned.
 */
export function convertStack(model: StackModel, stackName: string, lookups: StackLookups): DesiredStack {
  validateStackName(stackName);
  const { networks, externalNetworks } = convertNetworks(model, stackName, { apiVersion: lookups.options?.apiVersion });
  const secrets = convertSecrets(model, stackName, lookups.secretData);
  const configs = convertConfigs(model, stackName, lookups.configData);
  const services = Object.entries(model.services).map(([key, service]) => ({
    key,
    name: scopedName(stackName, key),
    spec: convertService({
      stackName,
      serviceKey: key,
      service,
      stack: model,
      options: lookups.options,
    }),
  }));
  return { stackName, networks, externalNetworks, secrets, configs, services };
}
