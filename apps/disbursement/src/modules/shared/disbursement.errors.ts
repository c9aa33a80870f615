import { DomainError, NotFoundError } from '@grants/common';
import { DISBURSEMENT_REFUSAL_KIND, Refusal } from '../payments/domain/outcome';

/** A refusal of the pure core, thrown as the domain error the HTTP edge maps (403/409/422…). */
export function refusalError(refusal: Refusal): DomainError {
  return new DomainError(refusal.code, refusal.message, DISBURSEMENT_REFUSAL_KIND[refusal.code] ?? 'UNPROCESSABLE', [...refusal.problems]);
}

export const grantNotFound = (grantId: string) => new NotFoundError('DISBURSEMENT.GRANT_NOT_FOUND', `No grant ${grantId}`);
export const paymentNotFound = (paymentId: string) => new NotFoundError('DISBURSEMENT.PAYMENT_NOT_FOUND', `No payment ${paymentId}`);
export const reportNotFound = (reportId: string) => new NotFoundError('DISBURSEMENT.REPORT_NOT_FOUND', `No report ${reportId}`);

export const grantNotOpen = (status: string) =>
  new DomainError('DISBURSEMENT.GRANT_NOT_OPEN', `The grant is ${status}: nothing can be paid or reported on it now`, 'CONFLICT');

export const agreementNotSigned = () =>
  new DomainError('DISBURSEMENT.AGREEMENT_NOT_SIGNED', 'The grant agreement must be signed before any payment or report', 'CONFLICT');
