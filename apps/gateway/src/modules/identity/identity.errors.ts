import { ConflictError, DomainError } from '@grants/common';

/** One message for every failed login: it never tells whether the e-mail exists or is locked. */
export const invalidCredentials = () =>
  new DomainError('AUTH.INVALID_CREDENTIALS', 'The e-mail or password is not right', 'UNAUTHORIZED');
export const invalidRefresh = () => new DomainError('AUTH.INVALID_REFRESH_TOKEN', 'Sign in again', 'UNAUTHORIZED');
export const noRefreshToken = () =>
  new DomainError('AUTH.NO_REFRESH_TOKEN', 'Sign in: there is no refresh token in the body or the session cookie', 'UNAUTHORIZED');
export const emailTaken = () => new ConflictError('AUTH.EMAIL_TAKEN', 'An account with this e-mail already exists');
export const invalidResetToken = () =>
  new DomainError('AUTH.INVALID_RESET_TOKEN', 'This reset link is invalid or has expired', 'UNPROCESSABLE', [
    { field: 'token', code: 'INVALID_OR_EXPIRED', reason: 'invalid or expired' },
  ]);
export const wrongCurrentPassword = () =>
  new DomainError('AUTH.WRONG_PASSWORD', 'The current password is not right', 'UNPROCESSABLE', [
    { field: 'currentPassword', code: 'MISMATCH', reason: 'does not match' },
  ]);
