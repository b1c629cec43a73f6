import { describe, expect, it } from 'vitest';
import { describeError } from '../../../src/commands/base-command.js';
import { InputError, StackError } from '../../../src/errors/stack-error.js';

describe('describeError', () => {
  it('prints a user error with its hint and no stack', () => {
    const out = describeError(new StackError('NO_MANAGER', 'no swarm manager could be reached', { hint: 'check DOCKER_HOST' }), false);
    expect(out.text).toBe('Error: no swarm manager could be reached\n  hint: check DOCKER_HOST');
    expect(out.exitCode).toBe(1);
  });

  it('lists every input problem with its location', () => {
    const err = new InputError([
      { code: 'MISSING_IMAGE', path: 'services.web.image', message: 'required', location: { file: 'b.yml', line: 3, col: 5 } },
      { code: 'INVALID_VALUE', path: 'services.db.deploy.replicas', message: 'must be a non-negative integer, got "many"', location: { file: 'a.yml', line: 9, col: 17 } },
    ]);
    expect(describeError(err, false).text).toBe(
      'Error: 2 problems in the Compose input:\n' +
        'a.yml:9:17  services.db.deploy.replicas: must be a non-negative integer, got "many"\n' +
        'b.yml:3:5  services.web.image: required',
    );
  });

  it('shows the stack of an unexpected error only when debugging', () => {
    const plain = describeError(new TypeError('boom'), false);
    expect(plain.text).toContain('Internal error: boom');
    expect(plain.text).not.toContain('at ');
    expect(describeError(new TypeError('boom'), true).text).toContain('at ');
  });
});
