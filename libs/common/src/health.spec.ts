import { HealthRegistry, ShutdownSequence } from './health';

describe('ShutdownSequence: a service stops in dependency order', () => {
  it('runs consumers, then workers, then producers before the HTTP server closes, and connections after it', async () => {
    const seq = new ShutdownSequence();
    const order: string[] = [];
    const step = (name: string, ms: number) => async () => {
      await new Promise((r) => setTimeout(r, ms));
      order.push(name);
    };
    // Registered out of order, and with the slow ones first: the phase decides, not the timing.
    seq.on('connections', 'redis', step('redis', 1));
    seq.on('producers', 'outbox', step('outbox', 1));
    seq.on('workers', 'jobs', step('jobs', 30));
    seq.on('consumers', 'kafka consumer', step('consumer', 20));
    seq.on('connections', 'kafka', step('kafka', 1));
    await seq.beforeApplicationShutdown();
    expect(order).toEqual(['consumer', 'jobs', 'outbox']);
    await seq.onApplicationShutdown();
    expect(order.slice(3).sort()).toEqual(['kafka', 'redis']);
  });

  it('stops the intake on the signal itself, once, before the consumers (no job starts during a stop)', async () => {
    const seq = new ShutdownSequence();
    const order: string[] = [];
    seq.on('consumers', 'kafka consumer', async () => void order.push('consumer'));
    seq.on('intake', 'job intake', async () => void order.push('intake'));
    const signalled = seq.beginStop(); // what bootstrap calls in its signal handler
    expect(seq.stopping).toBe(true);
    await signalled;
    expect(order).toEqual(['intake']);
    await seq.beforeApplicationShutdown(); // Nest's hook, later: the intake is not stopped twice
    expect(order).toEqual(['intake', 'consumer']);
  });

  it('a failing step does not keep the later ones from running', async () => {
    const seq = new ShutdownSequence();
    const ran: string[] = [];
    seq.on('consumers', 'broken', async () => {
      throw new Error('broker gone');
    });
    seq.on('workers', 'jobs', async () => void ran.push('jobs'));
    await seq.beforeApplicationShutdown();
    expect(ran).toEqual(['jobs']);
  });

  it('readiness says not ready from the moment the stop begins', async () => {
    const seq = new ShutdownSequence();
    const health = new HealthRegistry(seq);
    health.register({ name: 'postgres', check: async () => undefined });
    expect((await health.run()).ok).toBe(true);
    await seq.beforeApplicationShutdown();
    expect(await health.run()).toEqual({ ok: false, checks: { shutdown: 'down: stopping' } });
  });
});
