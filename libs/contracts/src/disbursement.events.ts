import { IsISO8601, IsUUID, Matches } from 'class-validator';
import { IsMinorUnits } from './validators';

/** `disbursement.grant.opened.v1`: a grant now exists for an award. */
export class GrantOpenedV1 {
  @IsUUID() grantId!: string;
  @IsUUID() awardId!: string;
  @IsUUID() callId!: string;
  @IsUUID() applicationId!: string;
  @IsMinorUnits() amountMinor!: string;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsISO8601({ strict: true }) openedAt!: string;
}

export const DisbursementTopics = {
  GrantOpenedV1: 'disbursement.grant.opened.v1',
} as const;

export const DISBURSEMENT_CONTRACTS = {
  [DisbursementTopics.GrantOpenedV1]: GrantOpenedV1,
};
