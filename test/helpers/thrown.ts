/** What `run` throws, or undefined when it returns: for asserting on an error's fields rather than its message only. */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
