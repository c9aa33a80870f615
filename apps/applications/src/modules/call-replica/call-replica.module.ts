import { Module } from '@nestjs/common';
import { CallPublishedHandler } from './call-published.handler';

@Module({ providers: [CallPublishedHandler], exports: [CallPublishedHandler] })
export class CallReplicaModule {}
