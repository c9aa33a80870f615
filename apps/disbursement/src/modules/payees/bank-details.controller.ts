import { Authenticated, AuthUser, CurrentUser } from '@grants/auth';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { bankDetailsView, ConfirmBankDetailsUseCase, EnterBankDetailsUseCase } from './bank-details.use-cases';

/** Shape only; the IBAN, BIC and holder rules (naming every problem at once) are the domain's. */
export class BankDetailsDto {
  @IsString() @MaxLength(64) iban!: string;
  @IsOptional() @IsString() @MaxLength(20) bic?: string;
  @IsString() @MaxLength(200) accountHolder!: string;
}

@Controller('disbursement/grants/:grantId/bank-details')
export class BankDetailsController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly enter: EnterBankDetailsUseCase,
    private readonly confirm: ConfirmBankDetailsUseCase,
  ) {}

  /** The grantee (their own grant) or finance staff; anyone else gets 404. */
  @Authenticated()
  @Get()
  get(@Param('grantId', ParseUUIDPipe) grantId: string, @CurrentUser() user: AuthUser) {
    return bankDetailsView(this.ds.manager, grantId, user);
  }

  @Authenticated()
  @Put()
  async put(@Param('grantId', ParseUUIDPipe) grantId: string, @Body() body: BankDetailsDto, @CurrentUser() user: AuthUser) {
    await this.enter.execute(grantId, user, body);
    return bankDetailsView(this.ds.manager, grantId, user);
  }

  /** Finance staff, or the grantee confirming what staff entered for them (the use case decides). */
  @Authenticated()
  @Post('confirm')
  @HttpCode(200)
  async confirmChange(@Param('grantId', ParseUUIDPipe) grantId: string, @CurrentUser() user: AuthUser) {
    await this.confirm.execute(grantId, user);
    return bankDetailsView(this.ds.manager, grantId, user);
  }
}
