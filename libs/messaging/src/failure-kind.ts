import { DomainError } from '@grants/common';
import { PermanentEventError } from './event-handler';

/**
 * What a failure says about retrying:
 * - `infrastructure`: a passing fault (a database or broker away, a lock or serialisation
 *   conflict, a timeout). The same message will succeed later: retry for as long as it takes.
 * - `permanent`: the message itself is refused (it breaks its contract, or the handler's rules
 *   refuse it). Retrying cannot help: dead-letter it.
 * - `unknown`: anything else (a bug?): a bounded number of attempts, then the DLQ.
 */
export type FailureKind = 'infrastructure' | 'permanent' | 'unknown';

/** Thrown (or wrapped) by code that knows a failure is passing: retried without bound. */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** SQLSTATEs of passing faults (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const TRANSIENT_SQLSTATE_CLASSES = ['08', '53', '58'];
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (lock_timeout)
  '57014', // query_canceled (statement_timeout)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '57P05', // idle_session_timeout
  '25P03', // idle_in_transaction_session_timeout
]);

/** Node's socket errors. */
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENOTCONN',
  'ESOCKETTIMEDOUT',
]);

/** Messages of pg, pg-pool, TypeORM and ioredis that carry no code. */
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection (is )?closed/i,
  /client has encountered a connection error/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /reached the max retries per request limit/i,
  /socket (closed|hang up)/i,
  /read ECONNRESET/i,
];

/** kafkajs errors that kafkajs itself calls retriable, or that mean the broker is away. */
const TRANSIENT_KAFKA_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSStaleTopicMetadataAssignment',
  'KafkaJSNoBrokerAvailableError',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  retriable?: unknown;
  permanent?: unknown;
  transient?: unknown;
  cause?: unknown;
  driverError?: unknown;
  originalError?: unknown;
  errors?: unknown;
}

function isTransientOne(e: ErrorLike): boolean {
  if (e instanceof TransientError || e.transient === true) return true;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code) {
    if (/^[0-9A-Z]{5}$/.test(code) && (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2)))) return true;
    if (TRANSIENT_NODE_CODES.has(code)) return true;
  }
  const name = typeof e.name === 'string' ? e.name : '';
  if (name.startsWith('KafkaJS') && (e.retriable === true || TRANSIENT_KAFKA_NAMES.has(name))) return true;
  if (name === 'MaxRetriesPerRequestError') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return TRANSIENT_MESSAGES.some((re) => re.test(message));
}

/** The error, its `cause`, TypeORM's `driverError`, an AggregateError's `errors`: every link. */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const queue: unknown[] = [err];
  while (queue.length && out.length < 20) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || out.includes(e as ErrorLike)) continue;
    const x = e as ErrorLike;
    out.push(x);
    queue.push(x.cause, x.driverError, x.originalError);
    if (Array.isArray(x.errors)) queue.push(...x.errors);
  }
  return out;
}

/** One pure function decides whether a failure is passing, final, or unknown (see FailureKind). */
export function classifyFailure(err: unknown): FailureKind {
  const links = chain(err);
  const first = links[0];
  // A deliberate refusal of this message: final, whatever it wraps.
  if (first && (first instanceof PermanentEventError || first instanceof DomainError || first.permanent === true)) return 'permanent';
  if (links.some(isTransientOne)) return 'infrastructure';
  if (links.some((e) => e instanceof PermanentEventError || e instanceof DomainError || e.permanent === true)) return 'permanent';
  return 'unknown';
}

/** Retry delay for the n-th consecutive passing fault (1-based): 100 ms doubling, capped. */
export function infrastructureBackoffMs(attempt: number, opts: { initialMs?: number; maxMs?: number } = {}): number {
  const initial = opts.initialMs ?? 100;
  const max = opts.maxMs ?? 10_000;
  return Math.min(max, initial * 2 ** Math.min(30, Math.max(0, attempt - 1)));
}
