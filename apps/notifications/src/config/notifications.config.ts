import { loadServiceConfig, ServiceConfig } from '@grants/common';
import { IsEmail, IsOptional, IsString, Matches } from 'class-validator';

export const NOTIFICATIONS_SERVICE = 'notifications';
export const NOTIFICATIONS_DEFAULT_PORT = 3005;

export class NotificationsConfig extends ServiceConfig {
  /** SMTP server (smtp://user:pass@host:587). Unset: each message is written as a file instead. */
  @IsOptional() @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' }) SMTP_URL?: string;
  /** Where the file transport writes messages (one .eml file per delivery). */
  @IsString() MAIL_DIR = '.cache/mail';
  @IsEmail() MAIL_FROM = 'grants@example.org';
  /**
   * The web portal (served by the gateway): every message links to the page it is about, e.g.
   * `${PORTAL_URL}/applications/<id>`. PUBLIC_BASE_URL, its former name, is still read when PORTAL_URL is unset.
   */
  @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'PORTAL_URL must be an http(s) URL without query, e.g. http://127.0.0.1:3000' })
  PORTAL_URL = 'http://127.0.0.1:3000';
}

export const loadNotificationsConfig = (env: NodeJS.ProcessEnv = process.env): NotificationsConfig => {
  const { PUBLIC_BASE_URL, ...rest } = env;
  const portal = env.PORTAL_URL ?? PUBLIC_BASE_URL;
  return loadServiceConfig(NOTIFICATIONS_SERVICE, NOTIFICATIONS_DEFAULT_PORT, NotificationsConfig, { ...rest, ...(portal ? { PORTAL_URL: portal } : {}) });
};
