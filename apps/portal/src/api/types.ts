/**
 * Response shapes. The services' OpenAPI documents describe paths, methods and parameters but not
 * (yet) their answers, so the answers the portal reads are typed here, from the services' code.
 * Request paths and methods are checked against the generated `schema.d.ts` (see client.ts).
 */

export interface FieldProblem {
  field: string;
  /** English, for logs only: never shown (the portal speaks the user's language). */
  reason: string;
  /** A stable code and its parameters, when the service gives them. */
  code?: string;
  params?: Record<string, string | number>; // at run time also lists and booleans (see components/errors.ts)
}

export interface ErrorBody {
  error: string;
  message?: string;
  problems?: FieldProblem[];
  correlationId?: string;
  errorId?: string;
}

export interface AuthUser {
  id: string;
  roles: string[];
  organisationId: string | null;
  email?: string;
  displayName?: string;
  preferredLanguage?: string;
}

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: string;
  /** Only while the gateway still returns it in the body (it moves to an HttpOnly cookie). */
  refreshToken?: string;
  refreshTokenExpiresAt?: string;
  user: AuthUser;
}

export interface Deadline {
  closesAt: string;
  timeZone: string;
  closesAtLocal: string;
  secondsLeft: number;
  passed: boolean;
}

export type CallKind = 'ESSAY_CONTEST' | 'LOCAL_INITIATIVE_COFUNDING' | 'NGO_GRANT';

export interface CatalogueItem {
  id: string;
  referenceCode: string;
  kind: CallKind;
  status: string;
  language: string;
  fallback: boolean;
  title: string;
  summary?: string;
  funder?: string;
  currency: string;
  budgetMinor: string;
  opensAt: string;
  closesAt: string;
  timeZone: string;
  deadline: Deadline;
  submissionLanguages: string[];
}

export interface Catalogue {
  items: CatalogueItem[];
  page: number;
  pageSize: number;
  total: number;
}

export interface FormSection {
  key: string;
  required?: boolean;
  maxWords?: number;
  labels?: Record<string, { title?: string; hint?: string }>;
}

export interface FormAttachment {
  key: string;
  required?: boolean;
  maxSizeBytes?: number;
  allowedTypes?: string[];
  labels?: Record<string, { title?: string; hint?: string }>;
}

export interface CallForm {
  sections?: FormSection[];
  attachments?: FormAttachment[];
}

export interface Eligibility {
  applicantTypes?: string[];
  ageRange?: { minAge?: number; maxAge?: number };
  guardianConsentUnderAge?: number;
  wordLimits?: { minWords?: number; maxWords?: number };
  onePerApplicant?: boolean;
}

export interface PublicCall extends CatalogueItem {
  version: number;
  requestedLanguage?: string;
  availableLanguages: string[];
  body?: string;
  opensAtLocal: string;
  eligibility?: Eligibility;
  form?: CallForm;
  awardRules?: { mode: string; prizesMinor?: string[] };
}

export interface ApplicantIdentity {
  fullName?: string;
  email?: string;
  phone?: string;
  school?: string;
  organisation?: string;
  dateOfBirth?: string;
  applicantType?: string;
}

export interface GuardianConsent {
  guardianName: string;
  relation: string;
  consentedAt?: string;
}

export interface AttachmentMeta {
  id: string;
  key: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  downloadPath: string;
}

export interface DraftContent {
  language?: string;
  title?: string;
  text?: string;
  sections?: Record<string, string | null>;
  [field: string]: unknown;
}

export interface Draft {
  id: string;
  callId: string;
  status: string;
  version: number;
  revision: number;
  reference: string | null;
  submittedAt: string | null;
  contentSha256: string | null;
  content: DraftContent;
  changedSinceSubmission: boolean | null;
  applicant: ApplicantIdentity;
  guardianConsent: GuardianConsent | null;
  attachments: AttachmentMeta[];
  problems: FieldProblem[];
  submittable: boolean;
  call: { referenceCode: string; kind: CallKind; state: string; closesAt: string; closesAtLocal: string; form: CallForm | null };
  updatedAt: string;
}

export interface Receipt {
  receiptId?: string;
  applicationId: string;
  reference: string;
  revision: number;
  submittedAt: string;
  submittedAtLocal?: string;
  contentSha256: string;
  [k: string]: unknown;
}

export interface TimelineReceipt {
  receiptId: string;
  reference: string;
  revision: number;
  submittedAt: string;
  submittedAtLocal: string;
  contentSha256: string;
}

export interface Timeline {
  applicationId: string;
  callId: string;
  reference: string | null;
  status: string;
  receipt: TimelineReceipt | null;
  timeline: { status: string; at: string; note?: string; receipt?: TimelineReceipt }[];
}

export interface MyApplication {
  id: string;
  callId: string;
  callReference: string;
  reference: string | null;
  title: string | null;
  status: string;
  revision: number;
  submittedAt: string | null;
  closesAtLocal: string;
  updatedAt: string;
}
