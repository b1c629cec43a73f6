import type { ConfigSpec, PortConfig, SecretSpec, ServiceSpec } from '../convert/swarm-types.js';

/** Engine API response shapes stack reads (subsets of the Engine's objects; unknown fields are ignored). */

export interface ObjectVersion {
  Index: number;
}

export interface LiveService {
  ID: string;
  Version: ObjectVersion;
  CreatedAt: string;
  UpdatedAt: string;
  Spec: ServiceSpec;
  PreviousSpec?: ServiceSpec;
  Endpoint?: { Spec?: unknown; Ports?: unknown[]; VirtualIPs?: { NetworkID: string; Addr: string }[] };
  UpdateStatus?: { State?: string; StartedAt?: string; CompletedAt?: string; Message?: string };
  ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number; CompletedTasks?: number };
  JobStatus?: { JobIteration?: ObjectVersion; LastExecution?: string };
}

export interface LiveTask {
  ID: string;
  Version: ObjectVersion;
  ServiceID: string;
  NodeID?: string;
  Slot?: number;
  Spec: ServiceSpec['TaskTemplate'];
  DesiredState: string;
  Status: {
    Timestamp?: string;
    State: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
    /** Host-mode ports the task published (ingress ports are on the service's Endpoint). */
    PortStatus?: { Ports?: PortConfig[] | null };
  };
  CreatedAt?: string;
  UpdatedAt?: string;
  JobIteration?: ObjectVersion;
}

export interface LiveNetwork {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal?: boolean;
  Attachable?: boolean;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
  IPAM?: { Driver?: string; Config?: { Subnet?: string; Gateway?: string }[] | null; Options?: Record<string, string> | null };
  Created?: string;
}

export interface LiveSecret {
  ID: string;
  Version: ObjectVersion;
  CreatedAt: string;
  UpdatedAt: string;
  /** Data is never returned for secrets. */
  Spec: Omit<SecretSpec, 'Data'>;
}

export interface LiveConfig {
  ID: string;
  Version: ObjectVersion;
  CreatedAt: string;
  UpdatedAt: string;
  Spec: ConfigSpec;
}

export interface LiveNode {
  ID: string;
  Version: ObjectVersion;
  Spec: { Role: string; Availability: string; Labels?: Record<string, string> | null; Name?: string };
  Description: {
    Hostname: string;
    Platform: { Architecture: string; OS: string };
    Resources: {
      NanoCPUs: number;
      MemoryBytes: number;
      GenericResources?: { DiscreteResourceSpec?: { Kind: string; Value: number }; NamedResourceSpec?: { Kind: string; Value: string } }[];
    };
    Engine: { EngineVersion: string; Labels?: Record<string, string> | null };
  };
  Status: { State: string; Addr?: string; Message?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string };
}
