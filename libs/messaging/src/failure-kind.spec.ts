import { ConflictError, DomainError } from '@grants/common';
import { classifyFailure, infrastructureBackoffMs, TransientError } from './failure-kind';
import { PermanentEventError } from './event-handler';

const pgError = (code: string, message = 'pg error') => Object.assign(new Error(message), { code, severity: 'ERROR' });
/** What TypeORM throws: a QueryFailedError carrying pg's error as driverError (and its fields). */
const typeormError = (driver: Error) => Object.assign(new Error(driver.message), { name: 'QueryFailedError', driverError: driver });

describe('classifyFailure: a passing fault, a refusal, or unknown', () => {
  it.each([
    ['57P01 admin shutdown', pgError('57P01', 'terminating connection due to administrator command')],
    ['57P03 cannot connect now', pgError('57P03', 'the database system is starting up')],
    ['08006 connection failure', pgError('08006')],
    ['08001 unable to connect', pgError('08001')],
    ['40001 serialisation failure', pgError('40001', 'could not serialize access')],
    ['40P01 deadlock', pgError('40P01', 'deadlock detected')],
    ['55P03 lock timeout', pgError('55P03', 'canceling statement due to lock timeout')],
    ['57014 statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['53300 too many connections', pgError('53300')],
    ['TypeORM wrapping 40P01', typeormError(pgError('40P01', 'deadlock detected'))],
    ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['ECONNRESET as a cause', new Error('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) })],
    ['AggregateError of refusals', Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], ''), {})],
    ['pg: connection terminated', new Error('Connection terminated unexpectedly')],
    ['pg-pool: connect timeout', new Error('timeout exceeded when trying to connect')],
    ['kafkajs: retriable', Object.assign(new Error('Broker not available'), { name: 'KafkaJSProtocolError', retriable: true })],
    ['kafkajs: connection error', Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError', retriable: false })],
    ['kafkajs: request timeout', Object.assign(new Error('Request timed out'), { name: 'KafkaJSRequestTimeoutError' })],
    ['ioredis: max retries', Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' })],
    ['marked transient', new TransientError('the bank is busy')],
  ])('%s is an infrastructure error', (_, err) => {
    expect(classifyFailure(err)).toBe('infrastructure');
  });

  it.each([
    ['PermanentEventError', new PermanentEventError('payload breaks the contract')],
    ['DomainError', new DomainError('CALL.CLOSED', 'the call is closed', 'CONFLICT')],
    ['a DomainError subclass', new ConflictError('GRANT.ALREADY_OPEN', 'already done')],
    ['an error marked permanent', Object.assign(new Error('refused'), { permanent: true })],
    ['a refusal that mentions a connection in its text', new PermanentEventError('Connection terminated by the applicant')],
  ])('%s is permanent', (_, err) => {
    expect(classifyFailure(err)).toBe('permanent');
  });

  it.each([
    ['a plain Error', new Error('thirteen is unlucky')],
    ['a TypeError (a bug)', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['23505 unique violation', typeormError(pgError('23505', 'duplicate key value'))],
    ['22P02 invalid input', pgError('22P02', 'invalid input syntax for type uuid')],
    ['kafkajs: not retriable', Object.assign(new Error('Topic authorization failed'), { name: 'KafkaJSProtocolError', retriable: false })],
    ['a string', 'boom'],
    ['undefined', undefined],
  ])('%s is unknown (bounded attempts, then the DLQ)', (_, err) => {
    expect(classifyFailure(err)).toBe('unknown');
  });

  it('a DomainError caused by a connection loss is still a passing fault', () => {
    const wrapped = new Error('could not record', { cause: pgError('57P01') });
    expect(classifyFailure(wrapped)).toBe('infrastructure');
  });

  it('backs off from 100 ms doubling up to 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((n) => infrastructureBackoffMs(n))).toEqual([
      100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000,
    ]);
    expect(infrastructureBackoffMs(3, { initialMs: 50, maxMs: 150 })).toBe(150);
  });
});
