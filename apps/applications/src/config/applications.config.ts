import { loadServiceConfig, ServiceConfig } from '@grants/common';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export const APPLICATIONS_SERVICE = 'applications';
export const APPLICATIONS_DEFAULT_PORT = 3002;
/** Attachments pass through as raw bodies; the gateway takes up to 12 MB. */
export const APPLICATIONS_BODY_LIMIT_BYTES = 12 * 1024 * 1024;

export class ApplicationsConfig extends ServiceConfig {
  /** PostgreSQL connections of this process (the deadline rush is bounded by them and the cores). */
  @Type(() => Number) @IsInt() @Min(1) @Max(200) DATABASE_POOL_SIZE = 10;
}

export const loadApplicationsConfig = (): ApplicationsConfig =>
  loadServiceConfig(APPLICATIONS_SERVICE, APPLICATIONS_DEFAULT_PORT, ApplicationsConfig);
