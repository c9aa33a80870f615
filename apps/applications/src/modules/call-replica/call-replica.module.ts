import { Global, Module } from '@nestjs/common';
import { CallAmendedHandler, CallCancelledHandler, CallClosedHandler, CallOpenedHandler } from './call-lifecycle.handlers';
import { CallPublishedHandler } from './call-published.handler';
import { CallReplicaStore } from './call-replica.store';

export const CALL_REPLICA_HANDLERS = [CallPublishedHandler, CallAmendedHandler, CallOpenedHandler, CallClosedHandler, CallCancelledHandler];

@Global()
@Module({ providers: [CallReplicaStore, ...CALL_REPLICA_HANDLERS], exports: [CallReplicaStore, ...CALL_REPLICA_HANDLERS] })
export class CallReplicaModule {}
