export * from './job-scheduler';
export * from './jobs.migration';
export * from './jobs.module';
