/** The people of DESIGN.md and what they may be. A user may hold several roles. */
export const ROLES = [
  'APPLICANT',
  'PROGRAMME_OFFICER',
  'EVALUATOR',
  'FINANCE_OFFICER',
  'FINANCE_APPROVER',
  'ADMIN',
] as const;
export type Role = (typeof ROLES)[number];

/** Staff roles are created or invited by an admin; only applicants register themselves. */
export const STAFF_ROLES: readonly Role[] = ['PROGRAMME_OFFICER', 'EVALUATOR', 'FINANCE_OFFICER', 'FINANCE_APPROVER', 'ADMIN'];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);
