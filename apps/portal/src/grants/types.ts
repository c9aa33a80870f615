/** The disbursement service's answers the grantee pages read (from its controllers' SQL). */
export interface Tranche {
  sequence: number;
  percent: number;
  trigger: string;
  amountMinor: string;
  currency: string;
  releasedAt: string | null;
  payment: { id: string; status: string } | null;
}

export interface GrantSummary {
  id: string;
  awardId: string;
  callId: string;
  applicationId: string;
  reference: string;
  amountMinor: string;
  currency: string;
  prizeRank: number | null;
  status: string;
  agreementStatus?: string;
  openedAt: string;
  closedAt: string | null;
}

export interface Grant extends Omit<GrantSummary, 'agreementStatus'> {
  callReference: string | null;
  callKind: string | null;
  callTitle: string | null;
  finalReportRequired: boolean;
  blockedReason: string | null;
  agreement: { status: string; signedOn: string | null; signedAt: string | null };
  tranches: Tranche[];
}

export interface BankDetailsVersion {
  versionId: string;
  iban: string;
  bic: string | null;
  accountHolder: string;
  countryCode: string;
  sepa: boolean;
  changedAt: string;
  confirmationRequired: boolean;
  confirmed?: boolean;
}

export interface BankDetailsView {
  payeeId: string;
  current: BankDetailsVersion | null;
  history: BankDetailsVersion[];
}

export interface GrantReport {
  id: string;
  grantId: string;
  kind: 'INTERIM' | 'FINAL';
  number: number;
  status: string;
  narrative: string;
  indicators: { eventsHeld: number; participants: number; municipalitiesReached: number };
  submittedAt: string;
  decidedAt: string | null;
  decisionComment: string | null;
  attachments: { id: string; fileName: string; contentType: string; sizeBytes: number }[];
}
