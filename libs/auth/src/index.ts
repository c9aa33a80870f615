export * from './roles';
export * from './auth-user';
export * from './policy.decorators';
export * from './token-verifier';
export * from './auth.guard';
export * from './ownership';
export * from './auth.module';
export { Public } from '@grants/common';
