import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';

export interface OutgoingMail {
  /** The delivery id: the Message-ID and the file name, so a resend overwrites, never adds. */
  id: string;
  to: string;
  subject: string;
  text: string;
  language: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'file';
  send(mail: OutgoingMail): Promise<void>;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/** nodemailer for SMTP; without SMTP, nodemailer renders the message and we write it to a file. */
export function createMailTransport(o: { smtpUrl?: string; mailDir: string; from: string }): MailTransport {
  const transporter: Transporter = o.smtpUrl
    ? nodemailer.createTransport(o.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const dir = resolve(o.mailDir);
  return {
    kind: o.smtpUrl ? 'smtp' : 'file',
    async send(m) {
      const info = await transporter.sendMail({
        from: o.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: `<${m.id}@grants.platform>`,
        headers: { 'Content-Language': m.language },
      });
      if (!o.smtpUrl) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(resolve(dir, `${m.id}.eml`), (info as unknown as { message: Buffer }).message);
      }
    },
  };
}
