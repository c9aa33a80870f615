import { loadServiceConfig, ServiceConfig } from '@grants/common';

export const CALLS_SERVICE = 'calls';
export const CALLS_DEFAULT_PORT = 3001;

export const loadCallsConfig = (): ServiceConfig => loadServiceConfig(CALLS_SERVICE, CALLS_DEFAULT_PORT);
