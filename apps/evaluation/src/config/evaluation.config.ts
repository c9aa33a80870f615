import { loadServiceConfig, ServiceConfig } from '@grants/common';

export const EVALUATION_SERVICE = 'evaluation';
export const EVALUATION_DEFAULT_PORT = 3003;

export const loadEvaluationConfig = (): ServiceConfig => loadServiceConfig(EVALUATION_SERVICE, EVALUATION_DEFAULT_PORT);
