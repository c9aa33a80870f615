import { loadServiceConfig, ServiceConfig } from '@grants/common';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export const GATEWAY_SERVICE = 'gateway';
export const GATEWAY_DEFAULT_PORT = 3000;

const URL_RULE = /^https?:\/\/[^\s/]+$/;
const message = 'must be an http(s) base URL without a path, e.g. http://127.0.0.1:3001';

export class GatewayConfig extends ServiceConfig {
  @Matches(URL_RULE, { message: `CALLS_URL ${message}` }) CALLS_URL = 'http://127.0.0.1:3001';
  @Matches(URL_RULE, { message: `APPLICATIONS_URL ${message}` }) APPLICATIONS_URL = 'http://127.0.0.1:3002';
  @Matches(URL_RULE, { message: `EVALUATION_URL ${message}` }) EVALUATION_URL = 'http://127.0.0.1:3003';
  @Matches(URL_RULE, { message: `DISBURSEMENT_URL ${message}` }) DISBURSEMENT_URL = 'http://127.0.0.1:3004';
  @Matches(URL_RULE, { message: `NOTIFICATIONS_URL ${message}` }) NOTIFICATIONS_URL = 'http://127.0.0.1:3005';
  @Type(() => Number) @IsInt() @Min(60) @Max(3600) ACCESS_TOKEN_TTL_SECONDS = 900;
  @Type(() => Number) @IsInt() @Min(1) LOCKOUT_THRESHOLD = 5;
  @Type(() => Number) @IsInt() @Min(1) LOCKOUT_MINUTES = 15;
  @Type(() => Number) @IsInt() @Min(1) LOGINS_PER_MINUTE_PER_ADDRESS = 60;
  @Type(() => Number) @IsInt() @Min(1) LOGINS_PER_MINUTE_PER_ACCOUNT = 10;
  /** The first admin account, created at boot when both are set and it does not exist yet. */
  @IsOptional() @IsEmail() BOOTSTRAP_ADMIN_EMAIL?: string;
  @IsOptional() @IsString() @Length(10, 200) BOOTSTRAP_ADMIN_PASSWORD?: string;
  /** The built web portal (`npm run build` writes it); relative to the working directory, the repo or image root. */
  @IsString() @Length(1, 4096) PORTAL_DIR = 'dist/portal';
}

export const loadGatewayConfig = (): GatewayConfig => loadServiceConfig(GATEWAY_SERVICE, GATEWAY_DEFAULT_PORT, GatewayConfig);
