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
import { HealthRegistry, Metrics } from '@grants/common';
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
    metrics: Metrics,
  ) {
    health.register({ name: 'kafka', check: () => bus.ping() });
    this.registerMetrics(metrics);
  }

  private registerMetrics(metrics: Metrics): void {
    metrics.gauge('outbox_backlog_messages', 'Outbox rows not yet published to Kafka', [], async (set) => {
      set({}, (await this.relay.backlog()).count);
    });
    metrics.gauge('outbox_oldest_unpublished_age_seconds', 'Age of the oldest unpublished outbox row', [], async (set) => {
      set({}, (await this.relay.backlog()).oldestAgeSeconds);
    });
    metrics.gauge('outbox_published_total', 'Messages this process has published from the outbox', [], async (set) => {
      set({}, this.relay.sent);
    });
    metrics.gauge('kafka_consumer_lag_messages', 'Messages on a consumed topic not yet processed by this service', ['topic'], async (set) => {
      if (!this.consumer) return;
      for (const [topic, lag] of await this.bus.consumerLag(this.opts.service, this.consumer.topics)) set({ topic }, lag);
    });
    metrics.gauge('kafka_dlq_messages', 'Messages in the dead-letter topics of what this service consumes', ['topic'], async (set) => {
      if (!this.consumer) return;
      for (const t of this.consumer.topics) set({ topic: dlqTopic(t) }, await this.bus.topicSize(dlqTopic(t)));
    });
    metrics.gauge('kafka_consumer_events', 'Events handled by this process, by outcome', ['outcome'], async (set) => {
      if (!this.consumer) return;
      const s = this.consumer.stats;
      set({ outcome: 'processed' }, s.processed);
      set({ outcome: 'duplicate' }, s.duplicates);
      set({ outcome: 'retried' }, s.retries);
      set({ outcome: 'dead_lettered' }, s.deadLettered);
    });
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
