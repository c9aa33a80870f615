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
  /** Links in messages point here (password reset, application status). */
  @Matches(/^https?:\/\/\S+$/) PUBLIC_BASE_URL = 'http://127.0.0.1:3000';
}

export const loadNotificationsConfig = (): NotificationsConfig =>
  loadServiceConfig(NOTIFICATIONS_SERVICE, NOTIFICATIONS_DEFAULT_PORT, NotificationsConfig);
