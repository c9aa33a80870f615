import { randomUUID } from 'node:crypto';
import { dlqTopic } from './event-consumer';
import { IncomingMessage, KafkaBus } from './message-bus';

/**
 * `npm run dlq -- list <service|topic>` and `npm run dlq -- replay <topic> [--event <id>]`.
 *
 * list: the dead letters of a topic (`<topic>.dlq`), or every dead letter a service's consumer
 * wrote (the `dlq-consumer` header), with why and when.
 * replay: publishes the dead letters of a topic (or only the one of `--event`) to the original
 * topic again, once the cause is fixed. Consumers record each event id in their inbox in the
 * effect's transaction, so a replayed event that had an effect (elsewhere, or by an earlier
 * replay) has none again; one that still fails goes back to the DLQ.
 *
 * Reads KAFKA_BROKERS and KAFKA_NAMESPACE like the services. Exit codes: 0 done, 1 failure,
 * 2 nothing matched (replay), 64 usage.
 */
export interface DeadLetter {
  dlqTopic: string;
  partition: number;
  offset: string;
  topic: string;
  eventId: string | null;
  type: string | null;
  consumer: string | null;
  attempts: number | null;
  failedAt: string | null;
  error: string | null;
  message: IncomingMessage;
}

export function toDeadLetter(m: IncomingMessage): DeadLetter {
  let eventId: string | null = m.headers.eventId ?? null;
  let type: string | null = m.headers.type ?? null;
  try {
    const env = JSON.parse(m.value ?? '') as { eventId?: unknown; type?: unknown };
    if (typeof env.eventId === 'string') eventId = env.eventId;
    if (typeof env.type === 'string') type = env.type;
  } catch {
    // not JSON: a message that broke its contract; still listed
  }
  return {
    dlqTopic: m.topic,
    partition: m.partition,
    offset: m.offset,
    topic: m.headers['dlq-original-topic'] ?? m.topic.replace(/\.dlq$/, ''),
    eventId,
    type,
    consumer: m.headers['dlq-consumer'] ?? null,
    attempts: m.headers['dlq-attempts'] !== undefined ? Number(m.headers['dlq-attempts']) : null,
    failedAt: m.headers['dlq-failed-at'] ?? null,
    error: m.headers['dlq-error'] ?? null,
    message: m,
  };
}

const DLQ_HEADERS = /^dlq-/;

/** The message as it was before it was dead-lettered, marked as a replay. */
export function replayOf(d: DeadLetter, replayId: string): { topic: string; key: string; value: string; headers: Record<string, string> } {
  const headers = Object.fromEntries(Object.entries(d.message.headers).filter(([k]) => !DLQ_HEADERS.test(k)));
  return {
    topic: d.topic,
    key: d.message.key ?? '',
    value: d.message.value ?? '',
    headers: { ...headers, 'replayed-from': `${d.dlqTopic}@${d.partition}/${d.offset}`, 'replay-id': replayId },
  };
}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE = `usage:
  npm run dlq -- list <service|topic> [--json]
  npm run dlq -- replay <topic> [--event <eventId>] [--consumer <service>]`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A name with dots is a topic (`calls.call.published.v1`, or its `.dlq`); without, a service. */
const isTopic = (s: string) => s.includes('.');
const baseTopic = (s: string) => s.replace(/\.dlq$/, '');

async function deadLetters(bus: KafkaBus, target: string): Promise<DeadLetter[]> {
  if (isTopic(target)) {
    const dlq = dlqTopic(baseTopic(target));
    if (!(await bus.listTopics()).includes(dlq)) return [];
    return (await bus.readAll(dlq)).map(toDeadLetter);
  }
  const dlqs = (await bus.listTopics()).filter((t) => t.endsWith('.dlq')).sort();
  const all: DeadLetter[] = [];
  for (const t of dlqs) {
    if ((await bus.topicSize(t)) === 0) continue;
    all.push(...(await bus.readAll(t)).map(toDeadLetter).filter((d) => d.consumer === target));
  }
  return all;
}

export async function runDlqCli(argv: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const [command, target, ...rest] = argv;
  if (!command || !target || !['list', 'replay'].includes(command)) {
    io.err(USAGE);
    return 64;
  }
  if (command === 'replay' && !isTopic(target)) {
    io.err(`replay needs a topic (e.g. identity.user.registered.v1), not "${target}"\n${USAGE}`);
    return 64;
  }
  const bus = new KafkaBus({
    clientId: `dlq-cli-${process.pid}`,
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    namespace: env.KAFKA_NAMESPACE ?? '',
  });
  try {
    let letters = await deadLetters(bus, target);
    if (command === 'list') {
      if (rest.includes('--json')) {
        io.out(JSON.stringify(letters.map(({ message, ...d }) => ({ ...d, key: message.key })), null, 2));
      } else {
        io.out(`${letters.length} dead letter(s) for ${target}`);
        for (const d of letters) {
          io.out(
            `${d.dlqTopic}@${d.partition}/${d.offset}  event ${d.eventId ?? '-'}  consumer ${d.consumer ?? '-'}  ` +
              `attempts ${d.attempts ?? '-'}  failed ${d.failedAt ?? '-'}\n    ${d.error ?? ''}`,
          );
        }
      }
      return 0;
    }
    const eventId = flag(rest, '--event');
    const consumer = flag(rest, '--consumer');
    if (eventId) letters = letters.filter((d) => d.eventId === eventId);
    if (consumer) letters = letters.filter((d) => d.consumer === consumer);
    // One replay per event: the same event dead-lettered twice (by two consumers, or by an
    // earlier replay that failed again) goes out once; every consumer's inbox sorts out the rest.
    const seen = new Set<string>();
    letters = letters.filter((d) => {
      const k = d.eventId ?? `${d.dlqTopic}@${d.partition}/${d.offset}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    if (!letters.length) {
      io.err(`nothing to replay for ${target}${eventId ? ` --event ${eventId}` : ''}`);
      return 2;
    }
    const replayId = randomUUID();
    await bus.publish(letters.map((d) => replayOf(d, replayId)));
    for (const d of letters) io.out(`replayed ${d.eventId ?? '(no event id)'} from ${d.dlqTopic}@${d.partition}/${d.offset} to ${d.topic}`);
    io.out(`${letters.length} message(s) replayed (replay ${replayId}); consumers apply each event at most once`);
    return 0;
  } catch (err) {
    io.err(`dlq ${command} failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await bus.close();
  }
}

if (require.main === module) {
  void runDlqCli(process.argv.slice(2), process.env, {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
  }).then((code) => process.exit(code));
}
