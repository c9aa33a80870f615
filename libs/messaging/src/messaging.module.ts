import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthRegistry, Metrics, ShutdownSequence } from '@grants/common';
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
class MessagingLifecycle implements OnApplicationBootstrap {
  private consumer?: EventConsumer;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly opts: MessagingModuleOptions,
    private readonly bus: KafkaBus,
    private readonly relay: OutboxRelay,
    private readonly ds: DataSource,
    private readonly moduleRef: ModuleRef,
    health: HealthRegistry,
    metrics: Metrics,
    shutdown: ShutdownSequence,
  ) {
    health.register({ name: 'kafka', check: () => bus.ping() });
    // A consumer waiting on a passing fault (its database away…) is alive but not doing its job.
    health.register({
      name: 'consumer',
      check: async () => {
        const stalls = this.consumer?.stalls ?? [];
        if (!stalls.length) return;
        const oldest = stalls.reduce((a, b) => (a.since <= b.since ? a : b));
        throw new Error(
          `stalled on an infrastructure error for ${Math.round((Date.now() - oldest.since.getTime()) / 1000)} s ` +
            `(${stalls.map((s) => `${s.topic}@${s.partition}`).join(', ')}; retry ${oldest.attempts}): ${oldest.error}`,
        );
      },
    });
    this.registerMetrics(metrics);
    // Stop taking new work and let in-flight messages commit; flush the outbox once jobs are done
    // (a job may write to it); close Kafka last.
    shutdown.on('consumers', 'event consumer', async () => {
      await this.consumer?.stop();
    });
    shutdown.on('producers', 'outbox relay', () => this.relay.stop());
    shutdown.on('connections', 'kafka', () => this.bus.close());
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
      set({ outcome: 'retried_infrastructure' }, s.infrastructureRetries);
      set({ outcome: 'dead_lettered' }, s.deadLettered);
    });
    metrics.gauge('kafka_consumer_stalled_partitions', 'Partitions whose next message waits on an infrastructure error', [], async (set) => {
      set({}, this.consumer?.stalls.length ?? 0);
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
