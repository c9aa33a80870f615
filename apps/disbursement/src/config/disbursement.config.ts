import { loadServiceConfig, ServiceConfig } from '@grants/common';

export const DISBURSEMENT_SERVICE = 'disbursement';
export const DISBURSEMENT_DEFAULT_PORT = 3004;

export const loadDisbursementConfig = (): ServiceConfig => loadServiceConfig(DISBURSEMENT_SERVICE, DISBURSEMENT_DEFAULT_PORT);
