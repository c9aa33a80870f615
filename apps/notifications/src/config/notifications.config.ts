import { loadServiceConfig, ServiceConfig } from '@grants/common';

export const NOTIFICATIONS_SERVICE = 'notifications';
export const NOTIFICATIONS_DEFAULT_PORT = 3005;

export const loadNotificationsConfig = (): ServiceConfig => loadServiceConfig(NOTIFICATIONS_SERVICE, NOTIFICATIONS_DEFAULT_PORT);
