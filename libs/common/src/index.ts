export * from './request-context';
export * from './errors';
export * from './validation';
export * from './config';
export * from './logger';
export * from './health';
export * from './http';
export * from './bootstrap';
