export * from './data-source';
export * from './database.module';
export * from './migrate';
export * from './audit/audit.migration';
export * from './audit/audit-log';
export * from './query-rows';
