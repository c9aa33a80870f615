import { loadServiceConfig } from './config';

describe('service configuration', () => {
  it('fills local defaults and reads the environment', () => {
    const c = loadServiceConfig('calls', 3001, undefined, { KAFKA_BROKERS: 'k1:9092,k2:9092', MIGRATE_ON_BOOT: 'false' });
    expect(c).toMatchObject({ PORT: 3001, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/grants_calls', MIGRATE_ON_BOOT: false });
    expect(c.brokers).toEqual(['k1:9092', 'k2:9092']);
  });

  it('refuses to start with one clear line per bad variable', () => {
    let message = '';
    try {
      loadServiceConfig('calls', 3001, undefined, {
        PORT: 'eighty',
        DATABASE_URL: 'mysql://nope',
        REDIS_URL: 'localhost:6379',
        KAFKA_BROKERS: 'kafka',
        LOG_LEVEL: 'loud',
        AUTH_JWKS_URL: 'ftp://keys',
      });
    } catch (err) {
      message = (err as Error).message;
    }
    const lines = message.split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    for (const v of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS', 'LOG_LEVEL', 'AUTH_JWKS_URL']) {
      expect(lines.filter((l) => l.trim().startsWith(`${v}=`))).toHaveLength(1);
    }
    expect(message).toContain('DATABASE_URL="mysql://nope": DATABASE_URL must be a postgres:// URL');
  });
});
