export * from './message-bus';
export * from './outbox-writer';
export * from './outbox-relay';
export * from './event-handler';
export * from './event-consumer';
export * from './messaging.migration';
export * from './messaging.module';
export * from './failure-kind';
