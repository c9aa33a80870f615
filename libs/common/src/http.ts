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
import { DomainError, HTTP_STATUS_OF_KIND, InputError } from './errors';
import { currentContext, runInContext } from './request-context';
import { toFieldProblems } from './validation';

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
        problems: exception.problems,
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
      void reply.status(statusCode).send({
        error: (exception as { code?: string }).code ?? `HTTP.${statusCode}`,
        message: (exception as Error).message,
        problems: [{ field: '(body)', reason: (exception as Error).message }],
        correlationId,
      });
      return;
    }
    const errorId = randomUUID();
    this.logger.error(`errorId=${errorId} ${(exception as Error)?.stack ?? String(exception)}`);
    void reply.status(500).send({ error: 'INTERNAL', message: 'Internal error', errorId, correlationId });
  }
}

/** Bodies are validated strictly: unknown fields are refused, every problem is named at once. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
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
