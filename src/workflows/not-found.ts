import { StackError } from '../errors/stack-error.js';

/** docker's wording for a stack with nothing in it ("nothing found in stack: NAME"), as an error (exit code 1). */
export function stackNotFound(stack: string): StackError {
  return new StackError('STACK_NOT_FOUND', `nothing found in stack: ${stack}`, {
    hint: 'list the stacks with `stack ls`',
  });
}
