import { AuthUser, CurrentUser, Roles } from '@grants/auth';
import { NotFoundError } from '@grants/common';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { paymentNotFound } from '../shared/disbursement.errors';
import { endToEndIdFor } from './domain/end-to-end-id';
import { NotExecutedDto, PaymentQueryDto, RejectPaymentDto, RequestPaymentDto, ScriptBankDto } from './dto/payment.dto';
import { paymentView, paymentViews } from './payment-views';
import { PgSimulatedBank } from './providers/pg-simulated-bank';
import { SimulatedBehaviour } from './providers/simulated-bank';
import { ApprovePaymentUseCase } from './use-cases/approve-payment.use-case';
import { DeclareNotExecutedUseCase } from './use-cases/declare-not-executed.use-case';
import { RejectPaymentUseCase } from './use-cases/reject-payment.use-case';
import { RequestPaymentUseCase } from './use-cases/request-payment.use-case';
import { CancelPaymentUseCase, RetryPaymentUseCase } from './use-cases/retry-payment.use-case';

/** Payment requests, their four-eyes approval, and what finance does with a failed payment. */
@Controller('disbursement')
export class PaymentsController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly request: RequestPaymentUseCase,
    private readonly approve: ApprovePaymentUseCase,
    private readonly reject: RejectPaymentUseCase,
    private readonly retry: RetryPaymentUseCase,
    private readonly cancel: CancelPaymentUseCase,
    private readonly notExecuted: DeclareNotExecutedUseCase,
  ) {}

  @Roles('FINANCE_OFFICER')
  @Post('grants/:grantId/payments')
  async create(@Param('grantId', ParseUUIDPipe) grantId: string, @Body() body: RequestPaymentDto, @CurrentUser() user: AuthUser) {
    const { paymentId } = await this.request.execute(grantId, user, body);
    return paymentView(this.ds.manager, paymentId);
  }

  @Roles('FINANCE_OFFICER', 'FINANCE_APPROVER')
  @Get('payments')
  async list(@Query() q: PaymentQueryDto) {
    return { payments: await paymentViews(this.ds.manager, q) };
  }

  @Roles('FINANCE_OFFICER', 'FINANCE_APPROVER', 'PROGRAMME_OFFICER')
  @Get('payments/:paymentId')
  async get(@Param('paymentId', ParseUUIDPipe) paymentId: string) {
    const view = await paymentView(this.ds.manager, paymentId);
    if (!view) throw paymentNotFound(paymentId);
    return view;
  }

  @Roles('FINANCE_APPROVER')
  @Post('payments/:paymentId/approve')
  @HttpCode(200)
  async approvePayment(@Param('paymentId', ParseUUIDPipe) paymentId: string, @CurrentUser() user: AuthUser) {
    await this.approve.execute(paymentId, user);
    return paymentView(this.ds.manager, paymentId);
  }

  @Roles('FINANCE_APPROVER', 'FINANCE_OFFICER')
  @Post('payments/:paymentId/reject')
  @HttpCode(200)
  async rejectPayment(@Param('paymentId', ParseUUIDPipe) paymentId: string, @Body() body: RejectPaymentDto, @CurrentUser() user: AuthUser) {
    await this.reject.execute(paymentId, user, body.reason);
    return paymentView(this.ds.manager, paymentId);
  }

  @Roles('FINANCE_OFFICER', 'FINANCE_APPROVER')
  @Post('payments/:paymentId/retry')
  @HttpCode(200)
  async retryPayment(@Param('paymentId', ParseUUIDPipe) paymentId: string, @CurrentUser() user: AuthUser) {
    await this.retry.execute(paymentId, user);
    return paymentView(this.ds.manager, paymentId);
  }

  /** One of the two finance users who record that a payment with an unknown outcome was not executed. */
  @Roles('FINANCE_OFFICER', 'FINANCE_APPROVER')
  @Post('payments/:paymentId/not-executed')
  @HttpCode(200)
  async declareNotExecuted(@Param('paymentId', ParseUUIDPipe) paymentId: string, @Body() body: NotExecutedDto, @CurrentUser() user: AuthUser) {
    await this.notExecuted.execute(paymentId, user, body.reason);
    return paymentView(this.ds.manager, paymentId);
  }

  @Roles('FINANCE_OFFICER', 'FINANCE_APPROVER')
  @Post('payments/:paymentId/cancel')
  @HttpCode(200)
  async cancelPayment(@Param('paymentId', ParseUUIDPipe) paymentId: string, @CurrentUser() user: AuthUser) {
    await this.cancel.execute(paymentId, user);
    return paymentView(this.ds.manager, paymentId);
  }
}

const fileNotFound = (fileId: string) => new NotFoundError('DISBURSEMENT.PAYMENT_FILE_NOT_FOUND', `No payment file ${fileId}`);

/** The SEPA credit transfer files written for EUR batches, for finance to download and file. */
@Roles('FINANCE_OFFICER', 'FINANCE_APPROVER')
@Controller('disbursement/payment-files')
export class PaymentFilesController {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  @Get()
  async list() {
    const files = await this.ds.query(
      `SELECT f.id, f.message_id AS "messageId", trim(f.currency) AS currency, f.requested_execution_date::text AS "requestedExecutionDate",
              f.number_of_transactions AS "numberOfTransactions", f.control_sum_minor::text AS "controlSumMinor", f.sha256,
              f.created_at AS "createdAt", f.submitted_at AS "submittedAt",
              COALESCE((SELECT json_agg(p.id ORDER BY p.id) FROM payment p WHERE p.file_id = f.id), '[]'::json) AS "paymentIds"
         FROM payment_file f ORDER BY f.created_at DESC LIMIT 500`,
    );
    return { files };
  }

  @Get(':fileId')
  async download(@Param('fileId', ParseUUIDPipe) fileId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const [file] = await this.ds.query(`SELECT message_id AS "messageId", xml FROM payment_file WHERE id = $1`, [fileId]);
    if (!file) throw fileNotFound(fileId);
    void reply.header('content-type', 'application/xml; charset=utf-8');
    void reply.header('content-disposition', `attachment; filename="pain.001-${file.messageId}.xml"`);
    return file.xml;
  }
}

/** The simulated bank's controls, for the demo and tests: what it does with a payment, what it holds. */
@Roles('ADMIN')
@Controller('disbursement/simulated-bank')
export class SimulatedBankController {
  constructor(private readonly bank: PgSimulatedBank) {}

  @Post('scripts')
  @HttpCode(204)
  async script(@Body() body: ScriptBankDto): Promise<void> {
    const e2e = endToEndIdFor(body.paymentId);
    for (const b of body.behaviours) {
      if (b.kind === 'UNAVAILABLE') {
        await this.bank.outage(e2e, b.times ?? 1);
        continue;
      }
      const behaviour: SimulatedBehaviour =
        b.kind === 'REJECT'
          ? { kind: 'REJECT', reason: b.reason ?? 'AC04 Closed account number' }
          : b.kind === 'TIME_OUT'
            ? { kind: 'TIME_OUT', booksSilently: b.booksSilently ?? false }
            : { kind: b.kind as 'CONFIRM' | 'ANSWER_TWICE' };
      await this.bank.script(e2e, behaviour);
    }
  }

  @Get('entries')
  async entries(@Query('paymentId', ParseUUIDPipe) paymentId: string) {
    const entries = await this.bank.entries([paymentId]);
    const sends = await this.bank.sends([endToEndIdFor(paymentId)]);
    return { entries, sends };
  }
}
