export * from './test-database';
export * from './wait';
export * from './service-process';
export * from './http-client';
export * from './platform-client';
export * from './test-platform';
export * from './seed-calls';
