import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  INestApplication,
  Logger,
  ValidationPipe,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { answeredProblem, DomainError, FieldProblem, HTTP_STATUS_OF_KIND, InputError } from './errors';
import { currentContext, runInContext } from './request-context';
import { toFieldProblems } from './problem-mapping';

export const CORRELATION_HEADER = 'x-correlation-id';

/** The one place where domain errors become HTTP statuses. Every 5xx gets an error id in the log. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const correlationId = currentContext()?.correlationId;
    if (exception instanceof DomainError) {
      void reply.status(HTTP_STATUS_OF_KIND[exception.kind]).send({
        error: exception.code,
        message: exception.message,
        problems: exception.problems.map(answeredProblem),
        correlationId,
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      void reply.status(status).send({ error: `HTTP.${status}`, message, problems: [], correlationId });
      return;
    }
    // Fastify's own client errors (malformed JSON, body too large, bad content type) carry a 4xx.
    const statusCode = (exception as { statusCode?: number }).statusCode;
    if (statusCode && statusCode >= 400 && statusCode < 500) {
      const { error, problem } = requestProblem(exception as Error & { code?: string }, statusCode, host.switchToHttp().getRequest<FastifyRequest>());
      void reply.status(statusCode).send({ error, message: (exception as Error).message, problems: [answeredProblem(problem)], correlationId });
      return;
    }
    const errorId = randomUUID();
    this.logger.error(`errorId=${errorId} ${(exception as Error)?.stack ?? String(exception)}`);
    void reply.status(500).send({ error: 'INTERNAL', message: 'Internal error', errorId, correlationId });
  }
}

/**
 * Fastify's client errors under stable codes of ours (its FST_ERR_* names are an implementation
 * detail): the top-level `error` and one problem on `(body)` a browser can translate.
 */
export function requestProblem(
  err: Error & { code?: string },
  statusCode: number,
  req?: { headers?: Record<string, unknown>; routeOptions?: { bodyLimit?: number } },
): { error: string; problem: FieldProblem } {
  const reason = err.message;
  const field = '(body)';
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const maxBytes = req?.routeOptions?.bodyLimit;
      return { error: 'REQUEST.BODY_TOO_LARGE', problem: { field, code: 'BODY_TOO_LARGE', params: maxBytes ? { maxBytes } : {}, reason } };
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
      const contentType = req?.headers?.['content-type'];
      return {
        error: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        problem: { field, code: 'UNSUPPORTED_MEDIA_TYPE', params: typeof contentType === 'string' ? { contentType } : {}, reason },
      };
    }
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { error: 'REQUEST.EMPTY_BODY', problem: { field, code: 'EMPTY_BODY', reason } };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { error: 'REQUEST.MALFORMED_JSON', problem: { field, code: 'MALFORMED_JSON', reason } };
  }
  // Fastify's JSON parser reports a syntax error as a SyntaxError with status 400.
  if (err instanceof SyntaxError || err.name === 'SyntaxError') {
    return { error: 'REQUEST.MALFORMED_JSON', problem: { field, code: 'MALFORMED_JSON', reason } };
  }
  return { error: `HTTP.${statusCode}`, problem: { field, code: 'INVALID', reason } };
}

/** Bodies are validated strictly: unknown fields are refused, every problem is named at once. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // The target lets a problem take its params from the decorators (Length(10, 200) → min, max);
    // the value tells a missing field from a wrong one. Neither is sent to the client.
    validationError: { target: true, value: true },
    exceptionFactory: (errors) =>
      new InputError('REQUEST.INVALID', 'The request has invalid fields', toFieldProblems(errors)),
  });
}

export function configureHttp(app: INestApplication): void {
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  const fastify = app.getHttpAdapter().getInstance() as import('fastify').FastifyInstance;
  // preHandler runs after the body is parsed, so the handler and everything it awaits see the context.
  fastify.addHook('preHandler', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const header = req.headers[CORRELATION_HEADER];
    const correlationId = typeof header === 'string' && /^[\w.:-]{1,100}$/.test(header) ? header : randomUUID();
    void reply.header(CORRELATION_HEADER, correlationId);
    runInContext({ correlationId }, done);
  });
}
