import { ClassConstructor, plainToInstance, Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/** A bad environment: reported as plain lines, without a stack trace, and the process exits 78. */
export class ConfigError extends Error {}

/**
 * Validates environment variables into a config class at boot. A bad or missing variable stops
 * the process with one clear line per variable, before anything connects anywhere.
 */
export function loadConfig<T extends object>(cls: ClassConstructor<T>, env: NodeJS.ProcessEnv = process.env): T {
  const config = plainToInstance(cls, { ...env }, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length) {
    const lines = errors.map(
      // The value as the operator wrote it, not as it was converted.
      (e) => `  ${e.property}=${JSON.stringify(env[e.property] ?? null)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}


/** What every service reads from its environment; validated at boot. */
export class ServiceConfig {
  @IsString() SERVICE_NAME!: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(65535) PORT!: number;
  @IsString() HOST = '127.0.0.1';
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' }) DATABASE_URL!: string;
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// URL' }) REDIS_URL = 'redis://127.0.0.1:6379';
  @Matches(/^[\w.-]+:\d+(,[\w.-]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  KAFKA_BROKERS = '127.0.0.1:9092';
  /** Prefix for topics, consumer groups and queue keys; isolates test runs. Empty in production. */
  @Matches(/^[\w.-]*$/, { message: 'KAFKA_NAMESPACE may hold letters, digits, ".", "_" and "-" only' })
  KAFKA_NAMESPACE = '';
  @Type(() => Number) @IsInt() @Min(1) @Max(64) KAFKA_TOPIC_PARTITIONS = 3;
  @Transform(({ value }) => value === true || value === 'true') @IsBoolean() MIGRATE_ON_BOOT = true;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  @Type(() => Number) @IsInt() @Min(100) JOB_RECONCILE_INTERVAL_MS = 30_000;
  /** Where services fetch the gateway's public keys (cached; not called per request). */
  @Matches(/^https?:\/\/\S+$/, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL = 'http://127.0.0.1:3000/api/auth/.well-known/jwks.json';
  @IsString() AUTH_ISSUER = 'grants-gateway';
  @IsString() AUTH_AUDIENCE = 'grants-platform';

  get brokers(): string[] {
    return this.KAFKA_BROKERS.split(',');
  }
}

/**
 * Loads and validates a service's environment. Defaults suit the local machine that
 * `deploy/up.sh` prepares (database `grants_<service>` on the local PostgreSQL).
 */
export function loadServiceConfig<T extends ServiceConfig>(
  service: string,
  defaultPort: number,
  cls: ClassConstructor<T> = ServiceConfig as ClassConstructor<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  return loadConfig(cls, {
    SERVICE_NAME: service,
    PORT: String(defaultPort),
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/grants_${service}`,
    ...env,
    MIGRATE_ON_BOOT: String((env.MIGRATE_ON_BOOT ?? 'true') !== 'false'),
  });
}
