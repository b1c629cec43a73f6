import { imageReferenceProblem } from '../../docker/image-reference.js';
import { MAX_SERVICE_NAME, scopedName, serviceNameProblem } from '../../docker/names.js';
import { add, type ModelRule, type ServiceRule } from './checker.js';

/*
 * Image and service names: an image is present and a valid reference (docker ≥ 28.2 checks this before deploying);
 * with a stack name, `<stack>_<service>` follows swarm's service name rules (src/docker/names.ts).
 */

const checkImage: ServiceRule = (c, name, service) => {
  const at = ['services', name, 'image'];
  if (!service.image) {
    const written = c.sourceMap.get(at) !== undefined;
    add(c, 'MISSING_IMAGE', at, 'required: swarm runs images, it cannot build them', {
      ...(written ? {} : { keyOf: ['services', name] }),
      hint: 'build and push the image first, then name it in image:',
    });
    return;
  }
  const problem = imageReferenceProblem(service.image);
  if (problem) add(c, 'INVALID_IMAGE', at, `invalid image reference "${service.image}": ${problem}`);
};

const checkServiceName: ServiceRule = (c, name) => {
  if (c.stackName === undefined) return;
  const full = scopedName(c.stackName, name);
  const at = ['services', name];
  const problem = serviceNameProblem(full);
  if (problem === 'characters') {
    add(c, 'INVALID_SERVICE_NAME', at, `service name "${full}" is not valid in swarm`, {
      atKey: true,
      hint: 'use letters, digits, "-" and "_", starting and ending with a letter or digit',
    });
  } else if (problem === 'length') {
    const message = `service name "${full}" is ${full.length} characters long; swarm allows ${MAX_SERVICE_NAME}`;
    add(c, 'INVALID_SERVICE_NAME', at, message, {
      atKey: true,
      hint: 'shorten the stack name or the service key',
    });
  }
};

/** Image and service-name rules, in reporting order. */
export const NAME_RULES: readonly ModelRule[] = [{ service: checkImage }, { service: checkServiceName }];
