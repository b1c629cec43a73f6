/**
 * Engine API request bodies, typed the way docker CLI 28.2.2 marshals them.
 *
 * Field names, field order and presence follow the Go structs the CLI sends (moby `api/types/swarm`,
 * `api/types/mount`, `api/types/network`, `api/types/container` as vendored in docker/cli v28.2.2), so that
 * `JSON.stringify` of a value built by src/convert gives the same JSON as the CLI (map keys aside: Go sorts them,
 * and src/convert builds maps with sorted keys too, except that JavaScript always lists integer-like keys first).
 *
 * Presence rules:
 * - a field the Go struct tags `omitempty` is OPTIONAL here and is left out when Go would drop it (empty string,
 *   0, false, nil pointer, empty slice or map); values built by src/convert never carry `undefined`-valued keys;
 * - a field without `omitempty` is REQUIRED here; a nil pointer, slice or map is `null`, as Go writes it
 *   (`Privileges.CredentialSpec`, `UpdateConfig.Parallelism`, `TaskSpec.ForceUpdate`, the network create options...);
 * - durations are integer nanoseconds; byte sizes integer bytes; file modes are numbers (0o444 = 292).
 *
 * These are our own types on purpose (not @types/dockerode): they describe exactly what we send.
 */

/** String map as Go's `map[string]string`. */
export type StringMap = Record<string, string>;

/** `swarm.ServiceSpec` (Annotations embedded: Name, Labels). */
export interface ServiceSpec {
  Name?: string;
  /** Never omitted by Go (`json:"Labels"`); src/convert always fills it (namespace + image labels). */
  Labels: StringMap | null;
  TaskTemplate: TaskSpec;
  Mode: ServiceMode;
  UpdateConfig?: UpdateConfig;
  RollbackConfig?: UpdateConfig;
  /** Deprecated ServiceSpec-level networks; only used by CLIs talking API < 1.29, never produced here. */
  Networks?: NetworkAttachmentConfig[];
  EndpointSpec?: EndpointSpec;
}

/** `swarm.TaskSpec`. */
export interface TaskSpec {
  ContainerSpec?: ContainerSpec;
  Resources?: ResourceRequirements;
  RestartPolicy?: RestartPolicy;
  Placement?: Placement;
  Networks?: NetworkAttachmentConfig[];
  LogDriver?: Driver;
  /** Always sent; `docker stack deploy` copies the live value on update (it has no --force). */
  ForceUpdate: number;
  /** `container` / `plugin` / `attachment`; empty (omitted) for stacks. */
  Runtime?: string;
}

/** `swarm.ServiceMode`: exactly one member is set. */
export interface ServiceMode {
  Replicated?: ReplicatedService;
  Global?: Record<string, never>;
  ReplicatedJob?: ReplicatedJob;
  GlobalJob?: Record<string, never>;
}

export interface ReplicatedService {
  /** Pointer: omitted when `deploy.replicas` is absent (the daemon then stores 1); 0 is kept. */
  Replicas?: number;
}

export interface ReplicatedJob {
  MaxConcurrent?: number;
  TotalCompletions?: number;
}

/** `swarm.UpdateConfig` (also used for RollbackConfig). */
export interface UpdateConfig {
  Parallelism: number;
  Delay?: number;
  FailureAction?: string;
  Monitor?: number;
  /** float32 in Go; sent as the number written in the Compose file. */
  MaxFailureRatio: number;
  Order: string;
}

/** `swarm.EndpointSpec`. */
export interface EndpointSpec {
  Mode?: string;
  Ports?: PortConfig[];
}

/** `swarm.PortConfig`. */
export interface PortConfig {
  Name?: string;
  Protocol?: string;
  TargetPort?: number;
  PublishedPort?: number;
  PublishMode?: string;
}

/** `swarm.ResourceRequirements`. */
export interface ResourceRequirements {
  Limits?: Limit;
  Reservations?: Resources;
}

/** `swarm.Limit`. */
export interface Limit {
  NanoCPUs?: number;
  MemoryBytes?: number;
  Pids?: number;
}

/** `swarm.Resources`. */
export interface Resources {
  NanoCPUs?: number;
  MemoryBytes?: number;
  GenericResources?: GenericResource[];
}

/** `swarm.GenericResource`. */
export interface GenericResource {
  NamedResourceSpec?: { Kind?: string; Value?: string };
  DiscreteResourceSpec?: { Kind?: string; Value?: number };
}

/** `swarm.RestartPolicy`: pointer fields, so an explicit 0 is sent. */
export interface RestartPolicy {
  Condition?: string;
  Delay?: number;
  MaxAttempts?: number;
  Window?: number;
}

/** `swarm.Placement`. */
export interface Placement {
  Constraints?: string[];
  Preferences?: PlacementPreference[];
  MaxReplicas?: number;
  /** Set by the client only when it resolves the image digest (`--resolve-image`), never by conversion. */
  Platforms?: Platform[];
}

export interface PlacementPreference {
  Spread: { SpreadDescriptor: string } | null;
}

export interface Platform {
  Architecture: string;
  OS: string;
}

/** `swarm.NetworkAttachmentConfig`. */
export interface NetworkAttachmentConfig {
  Target?: string;
  Aliases?: string[];
  DriverOpts?: StringMap;
}

/** `swarm.Driver` / `mount.Driver`. */
export interface Driver {
  Name?: string;
  Options?: StringMap;
}

/** `swarm.ContainerSpec` (every field is omitempty). */
export interface ContainerSpec {
  Image?: string;
  Labels?: StringMap;
  Command?: string[];
  Args?: string[];
  Hostname?: string;
  Env?: string[];
  Dir?: string;
  User?: string;
  Groups?: string[];
  Privileges?: Privileges;
  /** Pointer: `init: false` is sent as false. */
  Init?: boolean;
  StopSignal?: string;
  TTY?: boolean;
  OpenStdin?: boolean;
  ReadOnly?: boolean;
  Mounts?: Mount[];
  /** Pointer: 0 is sent. */
  StopGracePeriod?: number;
  Healthcheck?: HealthConfig;
  Hosts?: string[];
  DNSConfig?: DNSConfig;
  Secrets?: SecretReference[];
  Configs?: ConfigReference[];
  Isolation?: string;
  Sysctls?: StringMap;
  CapabilityAdd?: string[];
  CapabilityDrop?: string[];
  Ulimits?: Ulimit[];
  OomScoreAdj?: number;
}

/** `swarm.Privileges`: CredentialSpec, SELinuxContext and NoNewPrivileges have no omitempty. */
export interface Privileges {
  CredentialSpec: CredentialSpec | null;
  SELinuxContext: SELinuxContext | null;
  Seccomp?: { Mode?: string; Profile?: string };
  AppArmor?: { Mode?: string };
  NoNewPrivileges: boolean;
}

/** `swarm.CredentialSpec`: no omitempty, all three strings always sent. */
export interface CredentialSpec {
  /**
   * The ID of one of the service's config references (swarm requires it). In the specs stack computes it holds that
   * config's name instead, like the references themselves; src/apply/bind-object-refs.ts puts the ID in.
   */
  Config: string;
  File: string;
  Registry: string;
}

export interface SELinuxContext {
  Disable: boolean;
  User: string;
  Role: string;
  Type: string;
  Level: string;
}

/** `container.HealthConfig` (docker-image-spec HealthcheckConfig). */
export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  /** API 1.44+; an API 1.41 daemon ignores it. */
  StartInterval?: number;
  Retries?: number;
}

/** `swarm.DNSConfig`. */
export interface DNSConfig {
  Nameservers?: string[];
  Search?: string[];
  Options?: string[];
}

/**
 * `swarm.SecretReference`: no omitempty. The specs stack computes (src/convert, src/plan, revision records) reference
 * secrets by name only and have no `SecretID`; src/apply/bind-object-refs.ts sets it just before the spec is written.
 * Live specs always carry it.
 */
export interface SecretReference {
  File: FileTarget | null;
  SecretID?: string;
  SecretName: string;
}

/** `swarm.ConfigReference`. */
export interface ConfigReference {
  File?: FileTarget;
  /** Present (as `{}`) for a credential-spec config reference. */
  Runtime?: Record<string, never>;
  /** Absent in the specs stack computes (references by name, as for `SecretReference.SecretID`); set by apply. */
  ConfigID?: string;
  ConfigName: string;
}

/** `swarm.SecretReferenceFileTarget` / `ConfigReferenceFileTarget`: no omitempty. */
export interface FileTarget {
  Name: string;
  UID: string;
  GID: string;
  /** os.FileMode as a number (0o444 = 292). */
  Mode: number;
}

/** `container.Ulimit` (go-units): Name, Hard, Soft, no tags. */
export interface Ulimit {
  Name: string;
  Hard: number;
  Soft: number;
}

/** `mount.Mount`. */
export interface Mount {
  Type?: string;
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  /** Sent by the CLI, dropped by the daemon for services. */
  Consistency?: string;
  BindOptions?: BindOptions;
  VolumeOptions?: VolumeOptions;
  ImageOptions?: { Subpath?: string };
  TmpfsOptions?: TmpfsOptions;
  ClusterOptions?: Record<string, never>;
}

export interface BindOptions {
  Propagation?: string;
  NonRecursive?: boolean;
  CreateMountpoint?: boolean;
  ReadOnlyNonRecursive?: boolean;
  ReadOnlyForceRecursive?: boolean;
}

export interface VolumeOptions {
  NoCopy?: boolean;
  Labels?: StringMap;
  /** API 1.45+. */
  Subpath?: string;
  DriverConfig?: Driver;
}

export interface TmpfsOptions {
  SizeBytes?: number;
  Mode?: number;
  Options?: string[][];
}

/** `swarm.SecretSpec` (Annotations embedded). */
export interface SecretSpec {
  Name?: string;
  Labels: StringMap | null;
  /** Base64 of the secret bytes (Go `[]byte`); omitted when empty (driver secrets). */
  Data?: string;
  Driver?: Driver;
  Templating?: Driver;
}

/** `swarm.ConfigSpec` (Annotations embedded). */
export interface ConfigSpec {
  Name?: string;
  Labels: StringMap | null;
  /** Base64 of the config bytes; omitted when empty. */
  Data?: string;
  Templating?: Driver;
}

/**
 * `network.CreateRequest` as the v28.2.2 client posts it to `/networks/create`
 * (CreateOptions embedded, then Name, then CheckDuplicate which the client adds for API < 1.44).
 */
export interface NetworkCreateRequest {
  Driver: string;
  Scope: string;
  EnableIPv4?: boolean;
  EnableIPv6?: boolean;
  IPAM: IPAM | null;
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigOnly: boolean;
  ConfigFrom: { Network: string } | null;
  Options: StringMap | null;
  Labels: StringMap | null;
  Name: string;
  CheckDuplicate?: boolean;
}

/** `network.IPAM`: no omitempty. */
export interface IPAM {
  Driver: string;
  Options: StringMap | null;
  Config: IPAMConfig[] | null;
}

/** `network.IPAMConfig`. */
export interface IPAMConfig {
  Subnet?: string;
  IPRange?: string;
  Gateway?: string;
  AuxiliaryAddresses?: StringMap;
}
