/** Public surface of src/convert: pure StackModel → Engine API request bodies, as `docker stack deploy` builds them. */
export { convertStack, type DesiredService, type DesiredStack, type StackLookups } from './stack.js';
export { convertService, serviceLabels, type ConvertOptions, type ServiceConversionInput } from './service.js';
export { normalizeImageReference, parseNormalizedNamed, familiarString, type ImageReference } from '../docker/image-reference.js';
export {
  convertNetworks,
  convertServiceNetworks,
  isUserDefinedNetwork,
  networkCreateRequest,
  serviceNetworkKeys,
  usedNetworkKeys,
  DEFAULT_NETWORK_DRIVER,
  DEFAULT_NETWORK_KEY,
  type ClientOs,
  type DesiredNetwork,
} from './networks.js';
export {
  convertConfigs,
  convertSecrets,
  convertServiceConfigs,
  convertServiceSecrets,
  DEFAULT_FILE_MODE,
  type DesiredConfig,
  type DesiredSecret,
  type FileObjectData,
} from './file-objects.js';
export { convertMount, convertMounts } from './mounts.js';
export {
  LABEL_IMAGE,
  LABEL_NAMESPACE,
  declaredObjectName,
  stackFilters,
  stackLabelFilter,
  validateStackName,
  withStackLabel,
} from './names.js';
export { ConvertError, type ConvertErrorCode } from './convert-error.js';
export type * from './swarm-types.js';
