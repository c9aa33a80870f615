import { Module } from '@nestjs/common';
import { CheckPaymentJob } from './execution/check-payment.job';
import { ExecutePaymentJob } from './execution/execute-payment.job';
import { PaymentSupervisor } from './execution/payment-supervisor';
import { PaymentFilesController, PaymentsController, SimulatedBankController } from './payments.controller';
import { ApprovePaymentUseCase } from './use-cases/approve-payment.use-case';
import { DeclareNotExecutedUseCase } from './use-cases/declare-not-executed.use-case';
import { RejectPaymentUseCase } from './use-cases/reject-payment.use-case';
import { RequestPaymentUseCase } from './use-cases/request-payment.use-case';
import { CancelPaymentUseCase, RetryPaymentUseCase } from './use-cases/retry-payment.use-case';

@Module({
  controllers: [PaymentsController, PaymentFilesController, SimulatedBankController],
  providers: [
    RequestPaymentUseCase,
    ApprovePaymentUseCase,
    RejectPaymentUseCase,
    RetryPaymentUseCase,
    CancelPaymentUseCase,
    DeclareNotExecutedUseCase,
    ExecutePaymentJob,
    CheckPaymentJob,
    PaymentSupervisor,
  ],
})
export class PaymentsModule {}
