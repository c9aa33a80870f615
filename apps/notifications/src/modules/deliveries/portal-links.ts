import { DeliveryKind } from './templates';

/** The ids a delivery knows: its application, its grant (column or variable), and its variables. */
export interface LinkTarget {
  applicationId?: string | null;
  grantId?: string | null;
  vars: Record<string, unknown>;
}

const seg = (id: string) => encodeURIComponent(id);

/**
 * The portal page each e-mail is about (the portal's routes in apps/portal/src/app/App.tsx), or
 * undefined when the delivery lacks the id the page needs. The reset link carries its token and
 * is built by the reset handler (`resetPasswordLink`).
 */
export function portalLink(portalUrl: string, kind: DeliveryKind, t: LinkTarget): string | undefined {
  const base = portalUrl.replace(/\/+$/, '');
  const app = t.applicationId ? `${base}/applications/${seg(t.applicationId)}` : undefined;
  const grantId = t.grantId ?? (typeof t.vars.grantId === 'string' ? t.vars.grantId : undefined);
  const grant = grantId ? `${base}/grants/${seg(grantId)}` : undefined;
  switch (kind) {
    case 'WELCOME':
      return `${base}/`;
    case 'PASSWORD_RESET':
      return typeof t.vars.link === 'string' ? t.vars.link : undefined;
    case 'RECEIPT':
      return app && `${app}/receipt`;
    case 'ELIGIBILITY':
    case 'RESULTS':
    case 'CLARIFICATION':
      return app;
    case 'AWARD':
      return grant && `${grant}/bank-details`;
    case 'PAYMENT_APPROVED':
    case 'PAYMENT_PAID':
      return `${base}/grants`;
    case 'REPORT_RETURNED':
      return grant && `${grant}/reports`;
    case 'ASSIGNMENT':
      return `${base}/`;
  }
}

export const resetPasswordLink = (portalUrl: string, token: string) =>
  `${portalUrl.replace(/\/+$/, '')}/reset-password?token=${encodeURIComponent(token)}`;
