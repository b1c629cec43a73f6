import { describe, expect, it } from 'vitest';
import { classifyEngineError, type EngineErrorKind } from '../../../src/swarm/engine-error-kind.js';
import { EngineError } from '../../../src/swarm/engine-api.js';

interface Answer {
  request: { method: string; path: string };
  status: number;
  message: string;
  kind: EngineErrorKind;
}

// Answers recorded from Engine 20.10.24 (API 1.41) on a lab swarm with curl --unix-socket, IDs kept as they came.
const engine2010: Answer[] = [
  { request: { method: 'GET', path: '/services/ec-nope' }, status: 404, message: 'service ec-nope not found', kind: 'not-found' },
  { request: { method: 'GET', path: '/networks/ec-nope' }, status: 404, message: 'network ec-nope not found', kind: 'not-found' },
  { request: { method: 'GET', path: '/secrets/ec-nope' }, status: 404, message: 'secret ec-nope not found', kind: 'not-found' },
  { request: { method: 'GET', path: '/configs/ec-nope' }, status: 404, message: 'config ec-nope not found', kind: 'not-found' },
  { request: { method: 'DELETE', path: '/services/ec-svc' }, status: 404, message: 'service ec-svc not found', kind: 'not-found' },
  {
    request: { method: 'DELETE', path: '/networks/ec-net' },
    status: 400,
    message: 'rpc error: code = FailedPrecondition desc = network 93ff86npqhifz07n6je1asb74 is in use by service um9tu0ls5sk976ay93mmfx1o1',
    kind: 'in-use',
  },
  {
    request: { method: 'DELETE', path: '/networks/ec-net' },
    status: 400,
    message: 'rpc error: code = FailedPrecondition desc = network pdyov2qlokp48q5567pxdw79s is in use by task 2mav5txzikegu422rqbbsg7cy',
    kind: 'in-use',
  },
  {
    request: { method: 'DELETE', path: '/networks/ec-br' },
    status: 403,
    message: 'error while removing network: network ec-br id 7d7aae5301aa8663c2085ade8940a3b707fbb960bbb53dae54444eb07f4d0824 has active endpoints',
    kind: 'in-use',
  },
  {
    request: { method: 'DELETE', path: '/secrets/ec-sec' },
    status: 400,
    message: "rpc error: code = InvalidArgument desc = secret 'ec-sec' is in use by the following service: ec-svc",
    kind: 'in-use',
  },
  {
    request: { method: 'POST', path: '/services/create' },
    status: 409,
    message: 'rpc error: code = AlreadyExists desc = name conflicts with an existing object: service ec-svc already exists',
    kind: 'conflict',
  },
  { request: { method: 'POST', path: '/secrets/create' }, status: 409, message: 'rpc error: code = AlreadyExists desc = secret ec-sec already exists', kind: 'conflict' },
  { request: { method: 'POST', path: '/networks/create' }, status: 409, message: 'network with name ec-net already exists', kind: 'conflict' },
  { request: { method: 'POST', path: '/services/ec-svc/update' }, status: 500, message: 'rpc error: code = Unknown desc = update out of sequence', kind: 'out-of-sequence' },
  { request: { method: 'POST', path: '/secrets/ec-sec/update' }, status: 500, message: 'rpc error: code = Unknown desc = update out of sequence', kind: 'out-of-sequence' },
  {
    request: { method: 'POST', path: '/secrets/ec-sec/update' },
    status: 400,
    message: 'rpc error: code = InvalidArgument desc = only updates to Labels are allowed',
    kind: 'label-only-update',
  },
  { request: { method: 'POST', path: '/services/ec-svc/update' }, status: 500, message: 'network nonet not found', kind: 'missing-reference' },
  { request: { method: 'POST', path: '/services/create' }, status: 400, message: 'rpc error: code = InvalidArgument desc = secret not found: nosuch', kind: 'missing-reference' },
  { request: { method: 'POST', path: '/services/create' }, status: 400, message: 'rpc error: code = InvalidArgument desc = config not found: nosuch', kind: 'missing-reference' },
];

// Where newer Engines word it differently: Engine 27 and later list the endpoints (text as users report it).
const newer: Answer[] = [
  {
    request: { method: 'DELETE', path: '/networks/ops-net' },
    status: 403,
    message: 'error while removing network: network ops-net has active endpoints (name:"ops-db" id:"a2106b852805", name:"ops-web" id:"8ef74b558ace")',
    kind: 'in-use',
  },
  // Should an Engine answer a missing network in a service spec with 404, it is still about the reference.
  { request: { method: 'POST', path: '/services/abc123/update' }, status: 404, message: 'network nonet not found', kind: 'missing-reference' },
  { request: { method: 'POST', path: '/services/create' }, status: 404, message: 'network nonet not found', kind: 'missing-reference' },
];

describe('classifyEngineError', () => {
  it.each(engine2010)('Engine 20.10: $status "$message" is $kind', ({ request, status, message, kind }) => {
    expect(classifyEngineError(status, message, request)).toBe(kind);
  });

  it.each(newer)('newer Engine: $status "$message" is $kind', ({ request, status, message, kind }) => {
    expect(classifyEngineError(status, message, request)).toBe(kind);
  });

  it('reads "network x not found" as the object itself outside a service write', () => {
    expect(classifyEngineError(404, 'network ec-nope not found', { method: 'GET', path: '/networks/ec-nope' })).toBe('not-found');
    expect(classifyEngineError(404, 'network ec-nope not found', { method: 'DELETE', path: '/networks/ec-nope' })).toBe('not-found');
  });

  it('calls an error without a status unreachable and any other refusal other', () => {
    expect(classifyEngineError(undefined, 'connect ECONNREFUSED /var/run/docker.sock')).toBe('unreachable');
    expect(classifyEngineError(400, 'rpc error: code = InvalidArgument desc = ContainerSpec: image reference must be provided')).toBe('other');
    expect(classifyEngineError(503, 'This node is not a swarm manager.')).toBe('other');
  });
});

describe('EngineError', () => {
  it('carries the kind of the answer it was made from', () => {
    const answer = { statusCode: 404, json: { message: 'service web not found' }, message: '(HTTP code 404) no such service' };
    const error = EngineError.from(answer, 'GET', '/services/web');
    expect(error.kind).toBe('not-found');
    expect(error.notFound).toBe(true);
    expect(error.message).toBe('service web not found');
  });

  it('keeps a service write\'s missing network apart from the service being gone', () => {
    const answer = { statusCode: 404, json: { message: 'network nonet not found' } };
    const error = EngineError.from(answer, 'POST', '/services/abc/update');
    expect(error.kind).toBe('missing-reference');
    expect(error.notFound).toBe(false);
  });
});
