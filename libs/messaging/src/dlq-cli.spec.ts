import { replayOf, toDeadLetter } from './dlq-cli';

describe('dead letters: what the DLQ tool lists and replays', () => {
  const dead = {
    topic: 'identity.user.registered.v1.dlq',
    partition: 2,
    offset: '14',
    key: 'user-1',
    value: JSON.stringify({ eventId: '0b9e7a52-6a36-4d40-a1b7-0f3b0a3d3b51', type: 'identity.user.registered', payload: {} }),
    headers: {
      eventId: '0b9e7a52-6a36-4d40-a1b7-0f3b0a3d3b51',
      'dlq-error': 'violates check constraint',
      'dlq-consumer': 'notifications',
      'dlq-attempts': '5',
      'dlq-original-topic': 'identity.user.registered.v1',
      'dlq-original-partition': '2',
      'dlq-original-offset': '40',
      'dlq-failed-at': '2026-12-04T18:00:00.000Z',
    },
  };

  it('reads why, where from and when out of the headers', () => {
    expect(toDeadLetter(dead)).toMatchObject({
      topic: 'identity.user.registered.v1',
      eventId: '0b9e7a52-6a36-4d40-a1b7-0f3b0a3d3b51',
      type: 'identity.user.registered',
      consumer: 'notifications',
      attempts: 5,
      error: 'violates check constraint',
      failedAt: '2026-12-04T18:00:00.000Z',
    });
  });

  it('lists a message that is not even JSON', () => {
    expect(toDeadLetter({ ...dead, value: 'garbage', headers: { 'dlq-error': 'message is not JSON' } })).toMatchObject({
      topic: 'identity.user.registered.v1',
      eventId: null,
      error: 'message is not JSON',
    });
  });

  it('replays the original message to the original topic, same key and value, without the DLQ headers', () => {
    const r = replayOf(toDeadLetter(dead), 'replay-1');
    expect(r).toEqual({
      topic: 'identity.user.registered.v1',
      key: 'user-1',
      value: dead.value,
      headers: { eventId: dead.headers.eventId, 'replayed-from': 'identity.user.registered.v1.dlq@2/14', 'replay-id': 'replay-1' },
    });
  });
});
