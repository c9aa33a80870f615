import { loadServiceConfig, ServiceConfig } from '@grants/common';
import { Matches } from 'class-validator';

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
}

export const loadGatewayConfig = (): GatewayConfig => loadServiceConfig(GATEWAY_SERVICE, GATEWAY_DEFAULT_PORT, GatewayConfig);
