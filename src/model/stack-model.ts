/**
 * The normalized stack model: what the Compose loader produces and the converter consumes.
 *
 * Invariants (established by src/compose/normalize.ts and checked by src/compose/validate-model.ts):
 * - every short syntax is expanded to its long form (ports, volumes, secrets, configs, networks, ulimits, ...);
 * - interpolation, extends, env_file and multi-file merges are already applied;
 * - durations are integer nanoseconds, byte sizes integer bytes, CPU counts are kept as the written string
 *   (the converter needs the exact decimal to reproduce docker's rational parse);
 * - a key that was absent in the files is `undefined` here, never a default value: the converter decides defaults,
 *   because `docker stack deploy` distinguishes "absent" from "zero" in many places (replicas, parallelism, ...);
 * - record keys keep the order in which they appear in the files; services are sorted by key when several files merge.
 * No I/O and no behaviour lives here.
 */
export interface StackModel {
  /** The `version:` of the first file, verbatim (undefined when absent). */
  version?: string;
  /** Which rule set the files were validated against. */
  format: ComposeFormat;
  /** Directory against which relative paths were resolved (the first file's directory). */
  workingDir: string;
  /** The files read, in order, as resolved absolute paths ("-" for stdin). */
  files: string[];
  services: Record<string, ServiceModel>;
  networks: Record<string, NetworkModel>;
  volumes: Record<string, VolumeModel>;
  secrets: Record<string, SecretModel>;
  configs: Record<string, ConfigModel>;
  /** Top-level `x-*` keys, verbatim. */
  extensions?: Record<string, unknown>;
  /** Top-level `name:` (Compose Specification): the stack name when the command line gives none. */
  name?: string;
  /** Profiles in effect (`--profile`, else COMPOSE_PROFILES); absent when none. */
  activeProfiles?: string[];
  /** Services left out because none of their profiles is active, in file order (absent when none). */
  excludedServices?: ExcludedService[];
}

/** A service the files define but this run leaves out (profiles). */
export interface ExcludedService {
  /** Compose key. */
  service: string;
  /** The service's `profiles`, none of which is active. */
  profiles: string[];
}

/** `v3`: a file with `version: "3.x"` (docker/cli schemas 3.0-3.13); `spec`: the Compose Specification (no version). */
export type ComposeFormat = 'v3' | 'spec';

/** Nanoseconds. */
export type DurationNs = number;
/** Bytes. */
export type ByteCount = number;

/** One service after normalization. Field names follow the Compose file keys (snake_case) on purpose. */
export interface ServiceModel {
  image?: string;
  /** `command`, split with shell rules when written as a string. */
  command?: string[];
  /** `entrypoint`, split with shell rules when written as a string. */
  entrypoint?: string[];
  /**
   * Final environment after env_file and `environment` were merged and resolved against the CLI environment.
   * `null` means "name only, no value" (sent as a bare `KEY`).
   */
  environment?: Record<string, string | null>;
  /** `labels` (container labels). */
  labels?: Record<string, string>;
  hostname?: string;
  domainname?: string;
  user?: string;
  working_dir?: string;
  stop_signal?: string;
  stop_grace_period?: DurationNs;
  tty?: boolean;
  stdin_open?: boolean;
  read_only?: boolean;
  init?: boolean;
  isolation?: string;
  /** DNS servers (strings as written). */
  dns?: string[];
  dns_search?: string[];
  dns_opt?: string[];
  /** `extra_hosts` as `host:ip` pairs, in docker's order (list order kept; map form sorted). */
  extra_hosts?: ExtraHost[];
  healthcheck?: HealthcheckModel;
  ports?: PortModel[];
  volumes?: ServiceVolumeModel[];
  secrets?: FileReferenceModel[];
  configs?: FileReferenceModel[];
  /**
   * Networks the service attaches to, in file order. `undefined` means the key was absent (the service joins
   * `default`); an empty record means `networks: {}` was written.
   */
  networks?: Record<string, ServiceNetworkModel>;
  logging?: LoggingModel;
  deploy?: DeployModel;
  credential_spec?: CredentialSpecModel;
  sysctls?: Record<string, string>;
  cap_add?: string[];
  cap_drop?: string[];
  ulimits?: Record<string, UlimitModel>;
  oom_score_adj?: number;
  /** Legacy `restart:` (only used when deploy.restart_policy is absent). */
  restart?: string;
  /** Service-level `tmpfs` (ignored by swarm, kept for `stack config`). */
  tmpfs?: string[];
  /** `depends_on` in long form; swarm ignores it, stack uses it to order updates. */
  depends_on?: Record<string, DependsOnModel>;
  /** Service-level `x-*` keys, verbatim. */
  extensions?: Record<string, unknown>;
}

export interface ExtraHost {
  host: string;
  ip: string;
}

export interface HealthcheckModel {
  /** Already in list form: `["CMD-SHELL", "..."]` for a string test. */
  test?: string[];
  interval?: DurationNs;
  timeout?: DurationNs;
  start_period?: DurationNs;
  start_interval?: DurationNs;
  retries?: number;
  disable?: boolean;
}

export type PortProtocol = 'tcp' | 'udp' | 'sctp';
export type PortMode = 'ingress' | 'host';

/** One published port. From short syntax `mode` is always `ingress` and `protocol` is set; long syntax copies what was written. */
export interface PortModel {
  target: number;
  published?: number;
  protocol?: string;
  mode?: string;
  /** Host IP from short syntax; ignored by swarm (docker warns). */
  host_ip?: string;
  /** True when this entry came from the short syntax (docker fills protocol/mode there, not for long syntax). */
  short?: boolean;
}

export type MountType = 'volume' | 'bind' | 'tmpfs' | 'npipe' | 'cluster' | 'image';

export interface ServiceVolumeModel {
  type: MountType;
  /** Bind: resolved absolute path; volume: the top-level key (undefined for anonymous). */
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string; create_host_path?: boolean };
  volume?: { nocopy?: boolean; subpath?: string };
  tmpfs?: { size?: ByteCount; mode?: number };
  image?: { subpath?: string };
}

/** A service's reference to a top-level secret or config. Defaults (target = source, uid/gid "0", mode 0444) are the converter's job. */
export interface FileReferenceModel {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export interface ServiceNetworkModel {
  aliases?: string[];
  ipv4_address?: string;
  ipv6_address?: string;
  driver_opts?: Record<string, string>;
}

export interface LoggingModel {
  driver?: string;
  options?: Record<string, string>;
}

export type DeployMode = 'replicated' | 'global' | 'replicated-job' | 'global-job';

export interface DeployModel {
  /** As written (lower-case expected; the validator rejects unknown modes). */
  mode?: string;
  replicas?: number;
  labels?: Record<string, string>;
  update_config?: UpdateConfigModel;
  rollback_config?: UpdateConfigModel;
  resources?: ResourcesModel;
  restart_policy?: RestartPolicyModel;
  placement?: PlacementModel;
  endpoint_mode?: string;
}

export interface UpdateConfigModel {
  parallelism?: number;
  delay?: DurationNs;
  failure_action?: string;
  monitor?: DurationNs;
  max_failure_ratio?: number;
  order?: string;
}

export interface ResourcesModel {
  limits?: ResourceLimitModel;
  reservations?: ResourceReservationModel;
}

export interface ResourceLimitModel {
  /** As written, e.g. "0.5" (converted to NanoCPUs by the converter). */
  cpus?: string;
  memory?: ByteCount;
  pids?: number;
}

export interface ResourceReservationModel {
  cpus?: string;
  memory?: ByteCount;
  generic_resources?: GenericResourceModel[];
}

export interface GenericResourceModel {
  discrete_resource_spec?: { kind: string; value: number };
}

export interface RestartPolicyModel {
  condition?: string;
  delay?: DurationNs;
  max_attempts?: number;
  window?: DurationNs;
}

export interface PlacementModel {
  constraints?: string[];
  preferences?: { spread: string }[];
  max_replicas_per_node?: number;
}

export interface CredentialSpecModel {
  config?: string;
  file?: string;
  registry?: string;
}

export interface UlimitModel {
  /** Set when written as a single number (soft = hard). */
  single?: number;
  soft?: number;
  hard?: number;
}

export interface DependsOnModel {
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  required?: boolean;
}

/** External reference: `external: true` (name from `name:` or the key) or the deprecated `external: {name}`. */
export interface ExternalModel {
  external?: boolean;
  /** `name:` or the deprecated `external.name`. Undefined means "use the scoped name" (or the key when external). */
  name?: string;
}

export interface NetworkModel extends ExternalModel {
  driver?: string;
  driver_opts?: Record<string, string>;
  ipam?: { driver?: string; config?: { subnet?: string }[] };
  internal?: boolean;
  attachable?: boolean;
  labels?: Record<string, string>;
  extensions?: Record<string, unknown>;
}

export interface VolumeModel extends ExternalModel {
  driver?: string;
  driver_opts?: Record<string, string>;
  labels?: Record<string, string>;
  extensions?: Record<string, unknown>;
}

export interface SecretModel extends ExternalModel {
  /** Resolved absolute path of `file:`. */
  file?: string;
  /** Compose Specification only: take the value from this variable of the CLI environment. */
  environment?: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  template_driver?: string;
  labels?: Record<string, string>;
  extensions?: Record<string, unknown>;
}

export interface ConfigModel extends ExternalModel {
  file?: string;
  /** Compose Specification only: inline content. */
  content?: string;
  /** Compose Specification only: take the value from this variable of the CLI environment. */
  environment?: string;
  template_driver?: string;
  labels?: Record<string, string>;
  extensions?: Record<string, unknown>;
}
