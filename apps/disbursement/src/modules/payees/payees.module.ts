import { Module } from '@nestjs/common';
import { BankDetailsController } from './bank-details.controller';
import { ConfirmBankDetailsUseCase, EnterBankDetailsUseCase } from './bank-details.use-cases';

@Module({ controllers: [BankDetailsController], providers: [EnterBankDetailsUseCase, ConfirmBankDetailsUseCase] })
export class PayeesModule {}
