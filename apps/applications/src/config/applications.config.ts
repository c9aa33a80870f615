import { loadServiceConfig, ServiceConfig } from '@grants/common';

export const APPLICATIONS_SERVICE = 'applications';
export const APPLICATIONS_DEFAULT_PORT = 3002;

export const loadApplicationsConfig = (): ServiceConfig => loadServiceConfig(APPLICATIONS_SERVICE, APPLICATIONS_DEFAULT_PORT);
