export { StackError, InputError, ProblemList } from './stack-error.js';
export type { ConvertErrorCode, ProblemCode, StackErrorCode } from './codes.js';
export { formatProblem, formatLocation, sortProblems, type InputProblem, type SourceLocation } from './problem.js';
