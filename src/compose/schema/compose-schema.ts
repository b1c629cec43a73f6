import type { ComposeFormat } from '../../model/stack-model.js';
import { FORBIDDEN_KEY_NAMES } from '../key-rules.js';
import {
  anything,
  bool,
  duration,
  int,
  list,
  listOfStrings,
  listOrDict,
  mapOf,
  mapping,
  namedMap,
  nonNegativeInt,
  num,
  oneOfEnum,
  str,
  stringOrList,
  types,
  union,
  type JsonSchema,
} from './builders.js';

/**
 * The Compose schemas, written for this project from the facts of docker/cli's `config_schema_v3.13.json` and the
 * Compose Specification's `compose-spec.json`.
 *
 * `v3` accepts exactly what docker's 3.13 schema accepts (older 3.x versions are handled by the "added in" table in
 * ./versions.ts), keeping docker's loose spots (long-form service secrets/configs, mount sub-options and
 * `external` objects accept unknown keys) so that no file docker deploys is rejected, plus:
 * - `extends`, which stack resolves itself (docker refuses it);
 * - the forbidden keys, accepted with any value so that key-rules.ts reports them once, with advice.
 *
 * `spec` is the Compose Specification: a superset with top-level `name`/`include`/`models`, service keys such as
 * `profiles`, `dns_opt`, `group_add`, long `depends_on` and `env_file`, secret `environment`, config
 * `content`/`environment`, ports with `published` as a string (range), more mount options, and `x-*` in nearly every
 * mapping. Unlike compose-spec.json it does not accept strings for numbers and booleans: it validates values after
 * interpolation, when `replicas: "3"` is a mistake, not a pending substitution.
 */
export function composeSchema(format: ComposeFormat): JsonSchema {
  const cached = cache.get(format);
  if (cached) return cached;
  const schema = build(format === 'spec');
  cache.set(format, schema);
  return schema;
}

const cache = new Map<ComposeFormat, JsonSchema>();

function build(spec: boolean): JsonSchema {
  /** Extension keys inside nested mappings: the Compose Specification allows them almost everywhere, v3 nowhere. */
  const x = { extensions: spec };
  // The Compose Specification allows booleans in these maps (printed as true/false); docker's v3 schema does not.
  const scalarMap = listOrDict(spec ? ['string', 'number', 'boolean', 'null'] : ['string', 'number', 'null']);
  const driverOpts = mapOf(types('string', 'number'));
  const external = spec
    ? union(bool(), mapping({ name: str() }, { extensions: true }))
    : union(bool(), mapping({ name: str() }));
  // Secrets' and configs' `external` objects accept unknown keys in both schemas.
  const fileExternal = union(bool(), mapping({ name: str() }, { open: true }));

  const fileReference = union(
    str(),
    mapping(
      { source: str(), target: str(), uid: str(), gid: str(), mode: num() },
      spec ? { extensions: true } : { open: true },
    ),
  );

  const updateConfig = mapping(
    {
      parallelism: int(),
      delay: duration(),
      failure_action: str(),
      monitor: duration(),
      max_failure_ratio: num(),
      order: oneOfEnum('start-first', 'stop-first'),
    },
    x,
  );

  const cpus = spec ? types('number', 'string') : str();
  const genericResources = list(
    mapping({ discrete_resource_spec: mapping({ kind: str(), value: num() }, x) }, x),
  );
  const reservations: Record<string, JsonSchema> = { cpus, memory: str(), generic_resources: genericResources };
  if (spec) {
    reservations['devices'] = list(
      mapping(
        {
          capabilities: listOfStrings(),
          count: types('string', 'integer'),
          device_ids: listOfStrings(),
          driver: str(),
          options: scalarMap,
        },
        { extensions: true, required: ['capabilities'] },
      ),
    );
  }

  const deploy = mapping(
    {
      mode: str(),
      endpoint_mode: str(),
      replicas: int(),
      labels: scalarMap,
      rollback_config: updateConfig,
      update_config: updateConfig,
      resources: mapping(
        {
          limits: mapping({ cpus, memory: str(), pids: int() }, x),
          reservations: mapping(reservations, x),
        },
        x,
      ),
      restart_policy: mapping({ condition: str(), delay: duration(), max_attempts: int(), window: duration() }, x),
      placement: mapping(
        {
          constraints: list(str()),
          preferences: list(mapping({ spread: str() }, x)),
          max_replicas_per_node: int(),
        },
        x,
      ),
    },
    { ...x, nullable: true },
  );

  const healthcheck = mapping(
    {
      disable: bool(),
      interval: duration(),
      retries: num(),
      test: union(str(), list(str())),
      timeout: duration(),
      start_period: duration(),
      start_interval: duration(),
    },
    x,
  );

  const serviceNetwork: Record<string, JsonSchema> = {
    aliases: listOfStrings(),
    driver_opts: driverOpts,
    ipv4_address: str(),
    ipv6_address: str(),
  };
  if (spec) {
    Object.assign(serviceNetwork, {
      interface_name: str(),
      link_local_ips: listOfStrings(),
      mac_address: str(),
      priority: num(),
      gw_priority: num(),
    });
  }

  const port: Record<string, JsonSchema> = { mode: str(), target: int(), published: int(), protocol: str() };
  if (spec) {
    Object.assign(port, {
      published: union(int(), { type: 'string', pattern: '^\\d+(-\\d+)?$' }),
      host_ip: str(),
      name: str(),
      app_protocol: str(),
    });
  }

  // docker's mount sub-options accept unknown keys; the Compose Specification's do not (but allow x-*).
  const sub = spec ? { extensions: true } : { open: true };
  const mount: Record<string, JsonSchema> = {
    type: str(),
    source: str(),
    target: str(),
    read_only: bool(),
    consistency: str(),
    bind: mapping(
      spec
        ? {
            propagation: str(),
            create_host_path: bool(),
            recursive: oneOfEnum('enabled', 'disabled', 'writable', 'readonly'),
            selinux: oneOfEnum('z', 'Z'),
          }
        : { propagation: str() },
      sub,
    ),
    volume: mapping(spec ? { nocopy: bool(), subpath: str(), labels: scalarMap } : { nocopy: bool() }, sub),
    tmpfs: mapping(
      spec ? { size: union(nonNegativeInt(), str()), mode: num() } : { size: nonNegativeInt() },
      sub,
    ),
  };
  if (spec) mount['image'] = mapping({ subpath: str() }, { extensions: true });

  const command = spec ? union({ type: 'null' }, str(), list(str())) : union(str(), list(str()));

  const service: Record<string, JsonSchema> = {
    build: union(str(), { type: 'object' }),
    cap_add: listOfStrings(),
    cap_drop: listOfStrings(),
    cgroupns_mode: str(),
    cgroup_parent: str(),
    command,
    configs: list(fileReference),
    container_name: str(),
    credential_spec: mapping({ config: str(), file: str(), registry: str() }, x),
    depends_on: spec
      ? union(
          listOfStrings(),
          namedMap(
            mapping(
              {
                condition: oneOfEnum('service_started', 'service_healthy', 'service_completed_successfully'),
                required: bool(),
                restart: bool(),
              },
              { extensions: true, required: ['condition'] },
            ),
          ),
        )
      : listOfStrings(),
    deploy,
    devices: spec
      ? list(
          union(
            str(),
            mapping({ source: str(), target: str(), permissions: str() }, { extensions: true, required: ['source'] }),
          ),
        )
      : listOfStrings(),
    dns: stringOrList(),
    dns_search: stringOrList(),
    domainname: str(),
    entrypoint: command,
    env_file: spec
      ? union(
          str(),
          list(union(str(), mapping({ path: str(), required: bool(), format: str() }, { required: ['path'] }))),
        )
      : stringOrList(),
    environment: scalarMap,
    expose: list(types('string', 'number'), true),
    extends: union(str(), mapping({ service: str(), file: str() }, { required: ['service'] })),
    external_links: listOfStrings(),
    extra_hosts: spec
      ? union({ type: 'object', additionalProperties: union(str(), list(str())) }, listOfStrings())
      : listOrDict(['string', 'number', 'null']),
    healthcheck,
    hostname: str(),
    image: str(),
    init: bool(),
    ipc: str(),
    isolation: str(),
    labels: scalarMap,
    links: listOfStrings(),
    logging: mapping({ driver: str(), options: mapOf(types('string', 'number', 'null')) }, x),
    mac_address: str(),
    network_mode: str(),
    networks: union(listOfStrings(), namedMap(mapping(serviceNetwork, { ...x, nullable: true }))),
    oom_score_adj: spec ? { type: 'integer', minimum: -1000, maximum: 1000 } : int(),
    pid: types('string', 'null'),
    ports: list(union(num(), str(), mapping(port, x)), true),
    privileged: bool(),
    read_only: bool(),
    restart: str(),
    secrets: list(fileReference),
    security_opt: listOfStrings(),
    shm_size: types('number', 'string'),
    stdin_open: bool(),
    stop_grace_period: duration(),
    stop_signal: str(),
    sysctls: scalarMap,
    tmpfs: stringOrList(),
    tty: bool(),
    ulimits: mapOf(union(int(), mapping({ soft: int(), hard: int() }, { ...x, required: ['soft', 'hard'] }))),
    user: str(),
    userns_mode: str(),
    volumes: list(union(str(), mapping(mount, { ...x, required: ['type'] })), true),
    working_dir: str(),
  };
  for (const key of FORBIDDEN_KEY_NAMES) service[key] = anything();
  if (spec) {
    const hook = mapping(
      { command, user: str(), privileged: bool(), working_dir: str(), environment: scalarMap },
      { extensions: true, required: ['command'] },
    );
    Object.assign(service, {
      annotations: scalarMap,
      attach: bool(),
      blkio_config: { type: 'object' },
      cgroup: oneOfEnum('host', 'private'),
      cpu_period: types('number', 'string'),
      cpu_rt_period: types('number', 'string'),
      cpu_rt_runtime: types('number', 'string'),
      develop: types('object', 'null'),
      device_cgroup_rules: listOfStrings(),
      dns_opt: listOfStrings(),
      gpus: union(oneOfEnum('all'), list({ type: 'object' })),
      group_add: list(types('string', 'number'), true),
      mem_swappiness: int(),
      models: union(listOfStrings(), { type: 'object' }),
      oom_kill_disable: bool(),
      platform: str(),
      post_start: list(hook),
      pre_stop: list(hook),
      profiles: listOfStrings(),
      provider: { type: 'object' },
      pull_policy: str(),
      pull_refresh_after: str(),
      runtime: str(),
      storage_opt: { type: 'object' },
      use_api_socket: bool(),
      uts: str(),
    });
  }

  const ipamConfig: Record<string, JsonSchema> = { subnet: str() };
  if (spec) Object.assign(ipamConfig, { ip_range: str(), gateway: str(), aux_addresses: mapOf(str()) });
  const ipam: Record<string, JsonSchema> = { driver: str(), config: list(mapping(ipamConfig, x)) };
  if (spec) ipam['options'] = mapOf(str());

  const network: Record<string, JsonSchema> = {
    name: str(),
    driver: str(),
    driver_opts: driverOpts,
    ipam: mapping(ipam, x),
    external,
    internal: bool(),
    attachable: bool(),
    labels: scalarMap,
  };
  if (spec) Object.assign(network, { enable_ipv4: bool(), enable_ipv6: bool() });

  const volume: Record<string, JsonSchema> = {
    name: str(),
    driver: str(),
    driver_opts: driverOpts,
    external,
    labels: scalarMap,
  };
  if (!spec) volume['x-cluster-spec'] = { type: 'object' };

  const secret: Record<string, JsonSchema> = {
    name: str(),
    file: str(),
    external: fileExternal,
    labels: scalarMap,
    driver: str(),
    driver_opts: driverOpts,
    template_driver: str(),
  };
  if (spec) secret['environment'] = str();
  const config: Record<string, JsonSchema> = {
    name: str(),
    file: str(),
    external: fileExternal,
    labels: scalarMap,
    template_driver: str(),
  };
  if (spec) Object.assign(config, { content: str(), environment: str() });

  const top: Record<string, JsonSchema> = {
    version: str(),
    services: namedMap(mapping(service, { extensions: true })),
    networks: namedMap(mapping(network, { extensions: true, nullable: true }), { strictNames: spec }),
    volumes: namedMap(mapping(volume, { extensions: true, nullable: true })),
    secrets: namedMap(mapping(secret, { extensions: true })),
    configs: namedMap(mapping(config, { extensions: true })),
  };
  if (spec) {
    Object.assign(top, {
      name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' },
      include: list(
        union(str(), mapping({ path: stringOrList(), env_file: stringOrList(), project_directory: str() })),
      ),
      models: { type: 'object' },
    });
  }
  return mapping(top, { extensions: true });
}
