import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthRegistry } from '@grants/common';
import { DataSource } from 'typeorm';
import { dlqTopic, EventConsumer } from './event-consumer';
import { EventHandler } from './event-handler';
import { KafkaBus } from './message-bus';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';

export interface MessagingModuleOptions {
  service: string;
  brokers: string[];
  /** Topic and group prefix (test isolation); empty in production. */
  namespace: string;
  partitions: number;
  /** Topics this service publishes (created at boot with their DLQs). */
  produces: string[];
  /** Handler classes; each must also be a provider of the service. */
  handlers: Type<EventHandler>[];
  maxAttempts?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const EVENT_CONSUMER = Symbol('EVENT_CONSUMER');

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: EventConsumer;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly opts: MessagingModuleOptions,
    private readonly bus: KafkaBus,
    private readonly relay: OutboxRelay,
    private readonly ds: DataSource,
    private readonly moduleRef: ModuleRef,
    health: HealthRegistry,
  ) {
    health.register({ name: 'kafka', check: () => bus.ping() });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([...this.opts.produces, ...this.opts.produces.map(dlqTopic)], this.opts.partitions);
    await this.relay.start();
    if (this.opts.handlers.length) {
      const handlers = this.opts.handlers.map((h) => this.moduleRef.get(h, { strict: false }));
      this.consumer = new EventConsumer(this.ds, this.bus, {
        group: this.opts.service,
        handlers,
        maxAttempts: this.opts.maxAttempts,
      });
      await this.consumer.start();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Stop taking new work, let in-flight messages finish, then flush the outbox one last time.
    await this.consumer?.stop();
    await this.relay.stop();
    await this.bus.close();
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forService(opts: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: opts },
        {
          provide: KafkaBus,
          useFactory: () =>
            new KafkaBus({
              clientId: `${opts.service}-${process.pid}`,
              brokers: opts.brokers,
              namespace: opts.namespace,
              defaultPartitions: opts.partitions,
            }),
        },
        OutboxWriter,
        {
          provide: OutboxRelay,
          inject: [DataSource, KafkaBus, OutboxWriter],
          useFactory: (ds: DataSource, bus: KafkaBus, writer: OutboxWriter) => {
            const relay = new OutboxRelay(ds, bus);
            writer.onAppend(() => relay.hint());
            return relay;
          },
        },
        MessagingLifecycle,
      ],
      exports: [KafkaBus, OutboxWriter, OutboxRelay],
    };
  }
}
