// Decorator metadata (class-transformer @Type) must be available before any contract loads.
import 'reflect-metadata';
export * from './envelope';
export * from './validators';
export * from './identity.events';
export * from './calls.events';
export * from './applications.events';
export * from './evaluation.events';
export * from './disbursement.events';
export * from './topics';
export * from './problem-codes';
