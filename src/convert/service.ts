/**
 * One Compose service → the `swarm.ServiceSpec` that docker CLI 28.2.2 sends for it
 * (`cli/compose/convert/service.go` Service and helpers). Pure: cluster lookups (secret/config IDs) arrive as
 * arguments. The image is left as written; the client-side `:latest` tagging is `normalizeImageReference`, applied
 * by the code that talks to the Engine, like the Go client does inside ServiceCreate/ServiceUpdate.
 */
import type {
  CredentialSpecModel,
  DeployModel,
  HealthcheckModel,
  PortModel,
  ResourcesModel,
  ServiceModel,
  StackModel,
  UlimitModel,
  UpdateConfigModel,
} from '../model/stack-model.js';
import { effectiveCapAddCapDrop, parseNanoCpus, parseRestartPolicy } from './cli-opts.js';
import { ConvertError, ConvertRuleError } from './convert-error.js';
import {
  convertServiceConfigs,
  convertServiceSecrets,
} from './file-objects.js';
import {
  compact,
  compareGoStrings,
  goSlice,
  omitEmptyList,
  omitEmptyMap,
  omitEmptyString,
  omitFalse,
  omitZero,
  sortedRecord,
} from './go-compat.js';
import { convertMounts } from './mounts.js';
import { scopedName } from '../docker/names.js';
import { LABEL_IMAGE, LABEL_NAMESPACE, withStackLabel } from './names.js';
import { convertServiceNetworks, type ClientOs } from './networks.js';
import type {
  ConfigReference,
  ContainerSpec,
  CredentialSpec,
  DNSConfig,
  Driver,
  EndpointSpec,
  HealthConfig,
  Placement,
  PortConfig,
  ResourceRequirements,
  RestartPolicy,
  ServiceMode,
  ServiceSpec,
  Ulimit,
  UpdateConfig,
} from './swarm-types.js';

export { normalizeImageReference } from '../docker/image-reference.js';

/** Options shared by all conversions. */
export interface ConvertOptions {
  /** OS of the docker CLI whose behaviour we reproduce (decides which networks get the service alias). Default linux. */
  clientOs?: ClientOs;
  /** Negotiated Engine API version (affects the network create body). Default "1.41" (Engine 20.10). */
  apiVersion?: string;
}

/** Everything `convertService` needs; nothing is read from the environment or the cluster. */
export interface ServiceConversionInput {
  stackName: string;
  /** Compose key of the service (the unscoped name). */
  serviceKey: string;
  service: ServiceModel;
  /** The whole model: top-level networks, volumes, secrets and configs are looked up in it. */
  stack: StackModel;
  options?: ConvertOptions;
}

/**
 * Converts one service. Throws ConvertError (`service <key>: <docker's message>`) on the same inputs that make
 * `docker stack deploy` fail during conversion, checked in docker's order.
 */
export function convertService(input: ServiceConversionInput): ServiceSpec {
  try {
    return convertServiceUnchecked(input);
  } catch (error) {
    if (error instanceof ConvertRuleError) {
      throw new ConvertError(error.code, `service ${input.serviceKey}: ${error.message}`);
    }
    throw error;
  }
}

function convertServiceUnchecked(input: ServiceConversionInput): ServiceSpec {
  const { stackName, serviceKey, service, stack, options = {} } = input;
  const deploy: DeployModel = service.deploy ?? {};

  const secrets = convertServiceSecrets(stackName, service.secrets, stack.secrets);
  const configs = convertServiceConfigs(stackName, service.configs, service.credential_spec, stack.configs);

  const endpointSpec = convertEndpointSpec(deploy.endpoint_mode, service.ports);
  const mode = convertDeployMode(deploy.mode, deploy.replicas);
  const mounts = convertMounts(stackName, service.volumes, stack.volumes);
  const resources = convertResources(deploy.resources);
  const restartPolicy = convertRestartPolicy(service.restart, deploy);
  const healthcheck = convertHealthcheck(service.healthcheck);
  const networks = convertServiceNetworks(stackName, serviceKey, service, stack, options.clientOs);
  const dnsConfig = convertDnsConfig(service.dns, service.dns_search);
  const credentialSpec = convertCredentialSpec(stackName, service.credential_spec, configs);
  const { capAdd, capDrop } = effectiveCapAddCapDrop(service.cap_add, service.cap_drop);

  const containerSpec = compact<ContainerSpec>({
    Image: omitEmptyString(service.image),
    Labels: withStackLabel(stackName, service.labels),
    Command: omitEmptyList(service.entrypoint),
    Args: omitEmptyList(service.command),
    Hostname: omitEmptyString(service.hostname),
    Env: omitEmptyList(convertEnvironment(service.environment)),
    Dir: omitEmptyString(service.working_dir),
    User: omitEmptyString(service.user),
    Privileges: { CredentialSpec: credentialSpec, SELinuxContext: null, NoNewPrivileges: false },
    Init: service.init,
    StopSignal: omitEmptyString(service.stop_signal),
    TTY: omitFalse(service.tty),
    OpenStdin: omitFalse(service.stdin_open),
    ReadOnly: omitFalse(service.read_only),
    Mounts: omitEmptyList(mounts),
    StopGracePeriod: service.stop_grace_period,
    Healthcheck: healthcheck,
    Hosts: omitEmptyList((service.extra_hosts ?? []).map((entry) => `${entry.ip} ${entry.host}`)),
    DNSConfig: dnsConfig,
    Secrets: omitEmptyList(secrets),
    Configs: omitEmptyList(configs),
    Isolation: omitEmptyString(service.isolation),
    Sysctls: omitEmptyMap(service.sysctls),
    CapabilityAdd: capAdd,
    CapabilityDrop: capDrop,
    Ulimits: omitEmptyList(convertUlimits(service.ulimits)),
    // OomScoreAdj is never sent: docker's v3 loader accepts `oom_score_adj` (schema 3.13) but never reads it into
    // its service struct (the field lacks a mapstructure tag), so the CLI always sends 0, which Go omits.
  });

  return compact<ServiceSpec>({
    Name: scopedName(stackName, serviceKey),
    Labels: serviceLabels(stackName, deploy.labels, service.image),
    TaskTemplate: compact({
      ContainerSpec: containerSpec,
      Resources: resources,
      RestartPolicy: restartPolicy,
      Placement: convertPlacement(deploy),
      Networks: omitEmptyList(networks),
      LogDriver: convertLogDriver(service),
      ForceUpdate: 0,
    }),
    Mode: mode,
    UpdateConfig: convertUpdateConfig(deploy.update_config),
    RollbackConfig: convertUpdateConfig(deploy.rollback_config),
    EndpointSpec: endpointSpec,
  });
}

/**
 * Service labels: `deploy.labels`, then the namespace label, then `com.docker.stack.image` = the image string as
 * written (empty when the service has no image), each overwriting a user label with the same key.
 */
export function serviceLabels(
  stackName: string,
  deployLabels: Readonly<Record<string, string>> | undefined,
  image: string | undefined,
): Record<string, string> {
  return sortedRecord({ ...deployLabels, [LABEL_NAMESPACE]: stackName, [LABEL_IMAGE]: image ?? '' });
}

/** `deploy.mode` + `deploy.replicas` → Mode (replicas is a pointer: absent stays absent, 0 is kept). */
export function convertDeployMode(mode: string | undefined, replicas: number | undefined): ServiceMode {
  switch (mode ?? '') {
    case 'global-job':
      if (replicas !== undefined) throw replicasError();
      return { GlobalJob: {} };
    case 'global':
      if (replicas !== undefined) throw replicasError();
      return { Global: {} };
    case 'replicated-job':
      return { ReplicatedJob: compact({ MaxConcurrent: replicas, TotalCompletions: replicas }) };
    case 'replicated':
    case '':
      return { Replicated: compact({ Replicas: replicas }) };
    default:
      throw new ConvertRuleError('CONVERT_MODE', `Unknown mode: ${mode}`);
  }
}

function replicasError(): ConvertRuleError {
  return new ConvertRuleError('CONVERT_MODE', 'replicas can only be used with replicated or replicated-job mode');
}

/**
 * EndpointSpec, always sent: Mode = lower-cased `endpoint_mode`; Ports copied field by field (short syntax already
 * carries protocol and `ingress`, long syntax only what was written) and ordered by published port with Go's
 * unstable sort.Slice, as docker 28.x does (v29.3+ sorts by the full tuple instead).
 */
export function convertEndpointSpec(endpointMode: string | undefined, ports: readonly PortModel[] | undefined): EndpointSpec {
  const portConfigs = (ports ?? []).map((port) =>
    compact<PortConfig>({
      Protocol: omitEmptyString(port.protocol),
      TargetPort: omitZero(port.target),
      PublishedPort: omitZero(port.published),
      PublishMode: omitEmptyString(port.mode),
    }),
  );
  const sorted = goSlice(portConfigs, (a, b) => (a.PublishedPort ?? 0) < (b.PublishedPort ?? 0));
  return compact<EndpointSpec>({
    Mode: omitEmptyString(endpointMode?.toLowerCase()),
    Ports: omitEmptyList(sorted),
  });
}

/** `update_config` / `rollback_config`: absent → undefined; Parallelism defaults to 1 only when the key is missing. */
export function convertUpdateConfig(source: UpdateConfigModel | undefined): UpdateConfig | undefined {
  if (source === undefined) return undefined;
  return compact<UpdateConfig>({
    Parallelism: source.parallelism ?? 1,
    Delay: omitZero(source.delay),
    FailureAction: omitEmptyString(source.failure_action),
    Monitor: omitZero(source.monitor),
    MaxFailureRatio: source.max_failure_ratio ?? 0,
    Order: source.order ?? '',
  });
}

/** `deploy.resources` → Resources, always an object; each side only when its key is present. */
export function convertResources(source: ResourcesModel | undefined): ResourceRequirements {
  const limits = source?.limits;
  const reservations = source?.reservations;
  return compact<ResourceRequirements>({
    Limits: limits
      ? compact({
          NanoCPUs: omitZero(limits.cpus ? parseNanoCpus(limits.cpus) : 0),
          MemoryBytes: omitZero(limits.memory),
          Pids: omitZero(limits.pids),
        })
      : undefined,
    Reservations: reservations
      ? compact({
          NanoCPUs: omitZero(reservations.cpus ? parseNanoCpus(reservations.cpus) : 0),
          MemoryBytes: omitZero(reservations.memory),
          GenericResources: omitEmptyList(
            (reservations.generic_resources ?? []).map((resource) =>
              resource.discrete_resource_spec
                ? {
                    DiscreteResourceSpec: compact({
                      Kind: omitEmptyString(resource.discrete_resource_spec.kind),
                      Value: omitZero(resource.discrete_resource_spec.value),
                    }),
                  }
                : {},
            ),
          ),
        })
      : undefined,
  });
}

/**
 * RestartPolicy: `deploy.restart_policy` when present (pointer fields, explicit zeros kept); otherwise the legacy
 * `restart` string with docker 28 rules (`no`/empty → none, `always`/`unless-stopped` → any,
 * `on-failure[:N]` → on-failure with MaxAttempts N, 0 when N is missing).
 */
export function convertRestartPolicy(restart: string | undefined, deploy: DeployModel): RestartPolicy | undefined {
  const source = deploy.restart_policy;
  if (source !== undefined) {
    return compact<RestartPolicy>({
      Condition: omitEmptyString(source.condition),
      Delay: source.delay,
      MaxAttempts: source.max_attempts,
      Window: source.window,
    });
  }
  const policy = parseRestartPolicy(restart ?? '');
  switch (policy.name) {
    case '':
    case 'no':
      return undefined;
    case 'always':
    case 'unless-stopped':
      return { Condition: 'any' };
    case 'on-failure':
      if (policy.maximumRetryCount < 0) {
        // docker converts the count to uint64 (a negative count wraps to 2^64-n); not representable here.
        throw new ConvertRuleError('CONVERT_RESTART_POLICY', `negative maximum retry count in restart policy: ${restart}`);
      }
      return { Condition: 'on-failure', MaxAttempts: policy.maximumRetryCount };
    default:
      throw new ConvertRuleError('CONVERT_RESTART_POLICY', `unknown restart policy: ${restart}`);
  }
}

/** `healthcheck` → HealthConfig: absent → undefined; `disable` → `["NONE"]` only; durations ns, 0 omitted. */
export function convertHealthcheck(healthcheck: HealthcheckModel | undefined): HealthConfig | undefined {
  if (healthcheck === undefined) return undefined;
  if (healthcheck.disable) {
    if (healthcheck.test !== undefined && healthcheck.test.length > 0) {
      throw new ConvertRuleError('CONVERT_HEALTHCHECK', "test and disable can't be set at the same time");
    }
    return { Test: ['NONE'] };
  }
  return compact<HealthConfig>({
    Test: omitEmptyList(healthcheck.test),
    Interval: omitZero(healthcheck.interval),
    Timeout: omitZero(healthcheck.timeout),
    StartPeriod: omitZero(healthcheck.start_period),
    StartInterval: omitZero(healthcheck.start_interval),
    Retries: omitZero(healthcheck.retries),
  });
}

/** DNSConfig when `dns` or `dns_search` is present (even empty, like docker's nil check); nameservers as strings. */
export function convertDnsConfig(dns: readonly string[] | undefined, dnsSearch: readonly string[] | undefined): DNSConfig | undefined {
  if (dns === undefined && dnsSearch === undefined) return undefined;
  return compact<DNSConfig>({ Nameservers: omitEmptyList(dns), Search: omitEmptyList(dnsSearch) });
}

/** `environment` → sorted `K=V` entries (bare `K` for a name without value). */
export function convertEnvironment(environment: Readonly<Record<string, string | null>> | undefined): string[] {
  return Object.entries(environment ?? {})
    .map(([name, value]) => (value === null ? name : `${name}=${value}`))
    .sort(compareGoStrings);
}

/** `ulimits` → list sorted by name; a single number sets soft = hard. */
export function convertUlimits(ulimits: Readonly<Record<string, UlimitModel>> | undefined): Ulimit[] {
  return Object.entries(ulimits ?? {})
    .map(([name, u]) =>
      u.single !== undefined && u.single !== 0
        ? { Name: name, Hard: u.single, Soft: u.single }
        : { Name: name, Hard: u.hard ?? 0, Soft: u.soft ?? 0 },
    )
    .sort((a, b) => compareGoStrings(a.Name, b.Name));
}

/** `deploy.placement` → Placement, always sent. */
export function convertPlacement(deploy: DeployModel): Placement {
  const placement = deploy.placement;
  return compact<Placement>({
    Constraints: omitEmptyList(placement?.constraints),
    Preferences: omitEmptyList((placement?.preferences ?? []).map((p) => ({ Spread: { SpreadDescriptor: p.spread } }))),
    MaxReplicas: omitZero(placement?.max_replicas_per_node),
  });
}

function convertLogDriver(service: ServiceModel): Driver | undefined {
  if (service.logging === undefined) return undefined;
  return compact<Driver>({ Name: omitEmptyString(service.logging.driver), Options: omitEmptyMap(service.logging.options) });
}

/**
 * `credential_spec` → Privileges.CredentialSpec (null when none). At most one of config/file/registry. For `config`
 * the value becomes the name of the config reference named like the key, or else like `<stack>_<key>` (docker looks
 * for exactly these two names, so a config with a custom `name:` is not found); docker sends that reference's ID,
 * which src/apply/bind-object-refs.ts puts in.
 */
export function convertCredentialSpec(
  stackName: string,
  spec: CredentialSpecModel | undefined,
  configs: readonly ConfigReference[],
): CredentialSpec | null {
  const given = (
    [
      ['Config', spec?.config],
      ['File', spec?.file],
      ['Registry', spec?.registry],
    ] as const
  )
    .filter(([, value]) => value)
    .map(([field]) => `"${field}"`);
  if (given.length === 0) return null;
  if (given.length === 2) {
    throw new ConvertRuleError('CONVERT_CREDENTIAL_SPEC', `invalid credential spec: cannot specify both ${given[0]} and ${given[1]}`);
  }
  if (given.length > 2) {
    throw new ConvertRuleError(
      'CONVERT_CREDENTIAL_SPEC',
      `invalid credential spec: cannot specify both ${given.slice(0, -1).join(', ')}, and ${given[given.length - 1]}`,
    );
  }
  const result: CredentialSpec = { Config: spec?.config ?? '', File: spec?.file ?? '', Registry: spec?.registry ?? '' };
  if (result.Config !== '') {
    const wanted = result.Config;
    const match =
      configs.find((ref) => ref.ConfigName === wanted) ?? configs.find((ref) => ref.ConfigName === scopedName(stackName, wanted));
    if (match === undefined) {
      throw new ConvertRuleError(
        'CONVERT_CREDENTIAL_SPEC',
        `invalid credential spec: spec specifies config ${wanted}, but no such config can be found`,
      );
    }
    result.Config = match.ConfigName;
  }
  return result;
}
