/**
 * The canonical, human-keyed form of a service spec that plans compare.
 *
 * Both the desired spec (from src/convert) and the live spec (as the Engine returns it) go through `serviceView`,
 * which fills in what the daemon fills in, replaces IDs by names and keys every list whose order carries no meaning,
 * so that a deep comparison of two views shows only real differences (docs/plan-json.md lists the rules).
 *
 * Keys follow the Compose file (`image`, `environment`, `deploy.replicas`, `ports`, `volumes`...); lists become maps
 * keyed by what identifies an entry (environment by variable name, mounts by target, networks by name, ports by
 * `published:target/protocol`, secrets and configs by target, ulimits by name). Fields the view does not know yet
 * are kept under `engine.<Engine path>` so that no difference can go unseen.
 */
import { apiAtLeast } from '../docker/api-version.js';
import { formatDuration } from '../model/duration.js';
import type {
  ConfigReference,
  ContainerSpec,
  EndpointSpec,
  HealthConfig,
  Mount,
  NetworkAttachmentConfig,
  Placement,
  ResourceRequirements,
  RestartPolicy,
  SecretReference,
  ServiceMode,
  ServiceSpec,
  TaskSpec,
  UpdateConfig,
} from '../convert/swarm-types.js';

/** A view: nested plain objects, arrays and scalars; `undefined`, empty objects and empty arrays never appear. */
export type ServiceView = Record<string, unknown>;

/** What canonicalization needs from the live state. */
export interface ViewContext {
  /** Network ID → name (live specs carry network IDs as attachment targets). */
  networkNames: ReadonlyMap<string, string>;
  /**
   * Engine API version of the daemon ("1.41"). Fields newer than that are dropped by the daemon when it stores a
   * spec, so they are dropped from both views too (e.g. healthcheck `StartInterval` before 1.44).
   */
  apiVersion?: string;
}

/** Which part of the service a view path belongs to; decides whether running tasks are replaced. */
export type FieldGroup = 'service' | 'endpoint' | 'placement' | 'task';

/**
 * The group of a view path: `deploy.labels`, `deploy.replicas`, `deploy.mode`, `deploy.update_config` and
 * `deploy.rollback_config` are service-level (no task is replaced); `ports` and `deploy.endpoint_mode` are the
 * endpoint; `deploy.placement` is placement; everything else is the task template.
 */
export function fieldGroup(path: string): FieldGroup {
  const head = (prefix: string): boolean => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
  if (['deploy.labels', 'deploy.replicas', 'deploy.total_completions', 'deploy.mode', 'deploy.update_config', 'deploy.rollback_config'].some(head)) {
    return 'service';
  }
  if (head('ports') || head('deploy.endpoint_mode') || head('engine.EndpointSpec')) return 'endpoint';
  if (head('deploy.placement')) return 'placement';
  return 'task';
}

/** View paths holding maps keyed by entry (a map absent on one side is compared entry by entry). */
const KEYED_MAPS = new Set([
  'environment',
  'labels',
  'ports',
  'networks',
  'volumes',
  'secrets',
  'configs',
  'sysctls',
  'ulimits',
  'deploy.labels',
  'logging.options',
  'deploy.resources.reservations.generic_resources',
]);

/** Whether a view path is a keyed map (for diffViews' `keyed` option). */
export function isKeyedMap(path: string): boolean {
  return KEYED_MAPS.has(path);
}

/** The service's mode name as in Compose (`replicated`, `global`, `replicated-job`, `global-job`). */
export function modeName(mode: ServiceMode | undefined): 'replicated' | 'global' | 'replicated-job' | 'global-job' {
  if (mode?.Global) return 'global';
  if (mode?.ReplicatedJob) return 'replicated-job';
  if (mode?.GlobalJob) return 'global-job';
  return 'replicated';
}

/** Canonical view of one service spec (desired or live). Pure. */
export function serviceView(spec: ServiceSpec, ctx: ViewContext): ServiceView {
  const { Name: _name, Labels, TaskTemplate, Mode, UpdateConfig: update, RollbackConfig: rollback, EndpointSpec: endpoint, ...restSpec } = spec;
  const task: Partial<TaskSpec> = TaskTemplate ?? {};
  const {
    ContainerSpec: container,
    Resources,
    RestartPolicy: restart,
    Placement: placement,
    Networks,
    LogDriver,
    ForceUpdate,
    Runtime,
    ...restTask
  } = task;
  const containerView = viewContainer(container ?? {}, ctx);
  const view: ServiceView = {
    image: containerView.image,
    ...containerView.fields,
    networks: viewNetworks(Networks, ctx),
    ports: viewPorts(endpoint),
    logging: LogDriver ? prune({ driver: str(LogDriver.Name), options: map(LogDriver.Options) }) : undefined,
    force_update: ForceUpdate ? ForceUpdate : undefined,
    deploy: prune({
      mode: modeName(Mode),
      ...viewReplicas(Mode),
      endpoint_mode: endpoint?.Mode ? endpoint.Mode.toLowerCase() : 'vip',
      labels: map(Labels),
      resources: viewResources(Resources),
      restart_policy: viewRestartPolicy(restart),
      placement: viewPlacement(placement),
      update_config: viewUpdateConfig(update),
      rollback_config: viewUpdateConfig(rollback),
    }),
    engine: prune({
      ...nonEmptyRest(restSpec),
      TaskTemplate: prune({
        ...(Runtime && Runtime !== 'container' ? { Runtime } : {}),
        ...nonEmptyRest(restTask),
        ContainerSpec: containerView.rest,
      }),
    }),
  };
  return prune(view) ?? {};
}

interface ContainerView {
  image: string | undefined;
  fields: ServiceView;
  rest: ServiceView | undefined;
}

function viewContainer(container: ContainerSpec, ctx: ViewContext): ContainerView {
  const {
    Image,
    Labels,
    Command,
    Args,
    Hostname,
    Env,
    Dir,
    User,
    Groups,
    Privileges,
    Init,
    StopSignal,
    TTY,
    OpenStdin,
    ReadOnly,
    Mounts,
    StopGracePeriod,
    Healthcheck,
    Hosts,
    DNSConfig,
    Secrets,
    Configs,
    Isolation,
    Sysctls,
    CapabilityAdd,
    CapabilityDrop,
    Ulimits,
    OomScoreAdj,
    ...rest
  } = container;
  const api = ctx.apiVersion;
  const privileges = Privileges ?? { CredentialSpec: null, SELinuxContext: null, NoNewPrivileges: false };
  const credential = privileges.CredentialSpec;
  // Compared by name: a live spec holds the config's ID, a computed one its name (both are the runtime reference's).
  const runtimeConfig = (Configs ?? []).find((ref) => ref.Runtime !== undefined)?.ConfigName;
  const credentialConfig = credential?.Config
    ? (runtimeConfig ?? (Configs ?? []).find((ref) => ref.ConfigID === credential.Config)?.ConfigName ?? credential.Config)
    : undefined;
  return {
    image: str(Image),
    fields: {
      entrypoint: list(Command),
      command: list(Args),
      hostname: str(Hostname),
      environment: viewEnv(Env),
      labels: map(Labels),
      working_dir: str(Dir),
      user: str(User),
      groups: list(Groups),
      init: Init,
      stop_signal: str(StopSignal),
      stop_grace_period: StopGracePeriod === undefined ? undefined : formatDuration(StopGracePeriod),
      tty: TTY || undefined,
      stdin_open: OpenStdin || undefined,
      read_only: ReadOnly || undefined,
      volumes: viewMounts(Mounts, api),
      healthcheck: viewHealthcheck(Healthcheck, api),
      extra_hosts: list(Hosts),
      dns: list(DNSConfig?.Nameservers),
      dns_search: list(DNSConfig?.Search),
      dns_opt: list(DNSConfig?.Options),
      secrets: viewFileReferences(Secrets, 'secret'),
      configs: viewFileReferences(Configs, 'config'),
      credential_spec: credential
        ? prune({ config: credentialConfig, file: str(credential.File), registry: str(credential.Registry) })
        : undefined,
      privileges: prune({
        selinux: privileges.SELinuxContext ? prune({ ...privileges.SELinuxContext, Disable: privileges.SELinuxContext.Disable || undefined }) : undefined,
        seccomp: apiAtLeast(api, '1.46') ? prune({ ...(privileges.Seccomp ?? {}) }) : undefined,
        apparmor: apiAtLeast(api, '1.46') ? prune({ ...(privileges.AppArmor ?? {}) }) : undefined,
        no_new_privileges: apiAtLeast(api, '1.46') ? privileges.NoNewPrivileges || undefined : undefined,
      }),
      isolation: Isolation && Isolation !== 'default' ? Isolation : undefined,
      sysctls: map(Sysctls),
      cap_add: sortedList(CapabilityAdd),
      cap_drop: sortedList(CapabilityDrop),
      ulimits: Ulimits && Ulimits.length > 0 ? Object.fromEntries(Ulimits.map((u) => [u.Name, { soft: u.Soft, hard: u.Hard }])) : undefined,
      oom_score_adj: OomScoreAdj && apiAtLeast(api, '1.46') ? OomScoreAdj : undefined,
    },
    rest: prune(nonEmptyRest(rest)),
  };
}

/** `K=V` entries keyed by name; a bare `K` (unset variable) is null. */
function viewEnv(env: string[] | undefined): Record<string, string | null> | undefined {
  if (!env || env.length === 0) return undefined;
  const out: Record<string, string | null> = {};
  for (const entry of env) {
    const eq = entry.indexOf('=');
    if (eq < 0) out[entry] = null;
    else out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return out;
}

function viewNetworks(networks: NetworkAttachmentConfig[] | undefined, ctx: ViewContext): ServiceView | undefined {
  if (!networks || networks.length === 0) return undefined;
  const out: ServiceView = {};
  for (const attachment of networks) {
    const target = attachment.Target ?? '';
    const name = ctx.networkNames.get(target) ?? target;
    out[name] = prune({ aliases: list(attachment.Aliases), driver_opts: map(attachment.DriverOpts) }) ?? {};
  }
  return out;
}

/** Ports keyed `published:target/protocol` (`target/protocol` when swarm picks the published port); value = publish mode. */
function viewPorts(endpoint: EndpointSpec | undefined): ServiceView | undefined {
  const ports = endpoint?.Ports;
  if (!ports || ports.length === 0) return undefined;
  const out: ServiceView = {};
  for (const port of ports) {
    const protocol = port.Protocol || 'tcp';
    const key = `${port.PublishedPort ? `${port.PublishedPort}:` : ''}${port.TargetPort ?? 0}/${protocol}`;
    const mode = port.PublishMode || 'ingress';
    out[key] = port.Name ? `${mode} (name ${port.Name})` : mode;
  }
  return out;
}

function viewReplicas(mode: ServiceMode | undefined): ServiceView {
  if (mode?.ReplicatedJob) {
    const concurrent = mode.ReplicatedJob.MaxConcurrent ?? 1;
    return { replicas: concurrent, total_completions: mode.ReplicatedJob.TotalCompletions ?? concurrent };
  }
  if (mode?.Global || mode?.GlobalJob) return {};
  return { replicas: mode?.Replicated?.Replicas ?? 1 };
}

function viewResources(resources: ResourceRequirements | undefined): ServiceView | undefined {
  if (!resources) return undefined;
  const limits = resources.Limits;
  const reservations = resources.Reservations;
  return prune({
    limits: limits ? prune({ cpus: cpus(limits.NanoCPUs), memory: bytes(limits.MemoryBytes), pids: limits.Pids || undefined }) : undefined,
    reservations: reservations
      ? prune({
          cpus: cpus(reservations.NanoCPUs),
          memory: bytes(reservations.MemoryBytes),
          generic_resources: reservations.GenericResources?.length
            ? prune(
                Object.fromEntries(
                  reservations.GenericResources.map((r) =>
                    r.DiscreteResourceSpec
                      ? [r.DiscreteResourceSpec.Kind ?? '', r.DiscreteResourceSpec.Value ?? 0]
                      : [r.NamedResourceSpec?.Kind ?? '', r.NamedResourceSpec?.Value ?? ''],
                  ),
                ),
              )
            : undefined,
        })
      : undefined,
  });
}

/** Present policy: condition defaults to `any` and max attempts to 0 (the daemon reads both back). */
function viewRestartPolicy(policy: RestartPolicy | undefined): ServiceView | undefined {
  if (!policy) return undefined;
  return prune({
    condition: policy.Condition || 'any',
    delay: policy.Delay === undefined ? undefined : formatDuration(policy.Delay),
    max_attempts: policy.MaxAttempts ?? 0,
    window: policy.Window === undefined ? undefined : formatDuration(policy.Window),
  });
}

function viewPlacement(placement: Placement | undefined): ServiceView | undefined {
  if (!placement) return undefined;
  return prune({
    constraints: list(placement.Constraints),
    preferences: list((placement.Preferences ?? []).map((p) => `spread=${p.Spread?.SpreadDescriptor ?? ''}`)),
    max_replicas_per_node: placement.MaxReplicas || undefined,
    platforms: sortedList((placement.Platforms ?? []).map((p) => [p.OS, p.Architecture].filter((s) => s !== '').join('/'))),
  });
}

/** Present config: failure action defaults to `pause`, order to `stop-first`; zero delay, monitor and ratio are absent. */
function viewUpdateConfig(config: UpdateConfig | undefined): ServiceView | undefined {
  if (!config) return undefined;
  return prune({
    parallelism: config.Parallelism ?? 0,
    delay: config.Delay ? formatDuration(config.Delay) : undefined,
    failure_action: config.FailureAction || 'pause',
    monitor: config.Monitor ? formatDuration(config.Monitor) : undefined,
    max_failure_ratio: config.MaxFailureRatio || undefined,
    order: config.Order || 'stop-first',
  });
}

/** Mounts keyed by target; `consistency` is dropped (the daemon drops it for services), empty option blocks too. */
function viewMounts(mounts: Mount[] | undefined, api: string | undefined): ServiceView | undefined {
  if (!mounts || mounts.length === 0) return undefined;
  const out: ServiceView = {};
  for (const mount of mounts) {
    const { Type, Source, Target, ReadOnly, Consistency: _consistency, BindOptions, VolumeOptions, TmpfsOptions, ImageOptions, ClusterOptions, ...rest } = mount;
    out[Target ?? ''] =
      prune({
        type: Type || 'volume',
        source: str(Source),
        read_only: ReadOnly || undefined,
        bind: BindOptions
          ? prune({
              propagation: str(BindOptions.Propagation),
              non_recursive: BindOptions.NonRecursive || undefined,
              create_mountpoint: BindOptions.CreateMountpoint || undefined,
              read_only_non_recursive: BindOptions.ReadOnlyNonRecursive || undefined,
              read_only_force_recursive: BindOptions.ReadOnlyForceRecursive || undefined,
            })
          : undefined,
        volume: VolumeOptions
          ? prune({
              nocopy: VolumeOptions.NoCopy || undefined,
              labels: map(VolumeOptions.Labels),
              subpath: apiAtLeast(api, '1.45') ? str(VolumeOptions.Subpath) : undefined,
              driver: str(VolumeOptions.DriverConfig?.Name),
              driver_opts: map(VolumeOptions.DriverConfig?.Options),
            })
          : undefined,
        tmpfs: TmpfsOptions
          ? prune({ size: TmpfsOptions.SizeBytes || undefined, mode: TmpfsOptions.Mode ? octal(TmpfsOptions.Mode) : undefined, options: list(TmpfsOptions.Options) })
          : undefined,
        image: ImageOptions ? prune({ subpath: str(ImageOptions.Subpath) }) : undefined,
        cluster: ClusterOptions ? prune({ ...ClusterOptions }) : undefined,
        ...nonEmptyRest(rest),
      }) ?? {};
  }
  return out;
}

/** Zero durations and retries mean "inherit from the image" and read back as absent; an empty block equals none. */
function viewHealthcheck(health: HealthConfig | undefined, api: string | undefined): ServiceView | undefined {
  if (!health) return undefined;
  return prune({
    test: list(health.Test),
    interval: health.Interval ? formatDuration(health.Interval) : undefined,
    timeout: health.Timeout ? formatDuration(health.Timeout) : undefined,
    start_period: health.StartPeriod ? formatDuration(health.StartPeriod) : undefined,
    start_interval: health.StartInterval && apiAtLeast(api, '1.44') ? formatDuration(health.StartInterval) : undefined,
    retries: health.Retries || undefined,
  });
}

/** Secret/config references keyed by target file name (`runtime:<name>` for a credential-spec config reference). */
function viewFileReferences(refs: (SecretReference | ConfigReference)[] | undefined, kind: 'secret' | 'config'): ServiceView | undefined {
  if (!refs || refs.length === 0) return undefined;
  const out: ServiceView = {};
  for (const ref of refs) {
    const name = kind === 'secret' ? (ref as SecretReference).SecretName : (ref as ConfigReference).ConfigName;
    const file = ref.File;
    if (!file) {
      out[`runtime:${name}`] = { source: name };
      continue;
    }
    out[file.Name] = { source: name, uid: file.UID, gid: file.GID, mode: octal(file.Mode) };
  }
  return out;
}

/** Every field of a rest object that Go would send (non-empty), as it is. */
function nonEmptyRest(rest: object): ServiceView {
  const out: ServiceView = {};
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined || value === null || value === '' || value === false || value === 0) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0) continue;
    out[key] = value;
  }
  return out;
}

/** Removes undefined values, empty arrays and empty objects (recursively); undefined when nothing is left. */
export function prune<T extends Record<string, unknown>>(object: T): T | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const inner = prune(value as Record<string, unknown>);
      if (inner === undefined) continue;
      out[key] = inner;
      continue;
    }
    out[key] = value;
  }
  return Object.keys(out).length === 0 ? undefined : (out as T);
}

function str(value: string | undefined | null): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : value;
}

function list<T>(value: T[] | undefined | null): T[] | undefined {
  return value && value.length > 0 ? [...value] : undefined;
}

function sortedList(value: string[] | undefined | null): string[] | undefined {
  return value && value.length > 0 ? [...new Set(value)].sort() : undefined;
}

function map(value: Record<string, string> | undefined | null): Record<string, string> | undefined {
  return value && Object.keys(value).length > 0 ? { ...value } : undefined;
}

/** NanoCPUs as the decimal CPU count Compose uses ("0.5"). */
export function cpus(nano: number | undefined): string | undefined {
  if (!nano) return undefined;
  const whole = Math.trunc(nano / 1e9);
  const fraction = String(nano % 1e9).padStart(9, '0').replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

/** Bytes in the largest binary unit that divides them exactly ("64MiB", "1536MiB", "1000B"). */
export function bytes(value: number | undefined): string | undefined {
  if (!value) return undefined;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let amount = value;
  let unit = 0;
  while (unit < units.length - 1 && amount % 1024 === 0) {
    amount /= 1024;
    unit++;
  }
  return `${amount}${units[unit]}`;
}

function octal(mode: number): string {
  return `0${mode.toString(8)}`;
}
