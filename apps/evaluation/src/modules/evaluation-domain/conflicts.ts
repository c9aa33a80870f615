import { compareCodeUnits } from './stable-order';

/** An organisation as the platform knows it: a stable id where there is one, and/or its name. */
export interface OrganisationRef {
  readonly id?: string;
  readonly name?: string;
}

/** What the evaluator declared when joining the pool or a panel. Names or ids, in any script. */
export interface DeclaredConflicts {
  readonly organisations?: readonly string[];
  readonly municipalities?: readonly string[];
  /** People (names or e-mail addresses) the evaluator must not judge. */
  readonly persons?: readonly string[];
  /** Entries the evaluator declared a conflict on after seeing them assigned. */
  readonly entryIds?: readonly string[];
}

export interface EvaluatorProfile {
  readonly id: string;
  readonly email: string;
  /** The evaluator's employer. */
  readonly organisation?: OrganisationRef;
  readonly declared?: DeclaredConflicts;
}

export interface EntryParty {
  readonly organisation?: OrganisationRef;
  readonly email?: string;
}

export interface MunicipalityRef extends OrganisationRef {
  /** The municipality's own mail domain (e.g. "mostar.ba"): an evaluator writing from it is its staff. */
  readonly emailDomain?: string;
}

/** Who stands behind an entry. Held by evaluation only to detect conflicts; never shown to an evaluator. */
export interface EntryParties {
  readonly entryId: string;
  readonly applicant: EntryParty;
  /** Consortium partners / co-implementers. */
  readonly partners?: readonly EntryParty[];
  readonly partnerMunicipality?: MunicipalityRef;
  /** People named in the entry (team members, contact person): names or e-mail addresses. */
  readonly persons?: readonly string[];
}

export type ConflictCode =
  | 'SAME_ORGANISATION'
  | 'SAME_EMAIL_ADDRESS'
  | 'SAME_EMAIL_DOMAIN'
  | 'MUNICIPALITY_STAFF'
  | 'DECLARED_ORGANISATION'
  | 'DECLARED_MUNICIPALITY'
  | 'DECLARED_PERSON'
  | 'DECLARED_ENTRY';

export type ConflictParty = 'APPLICANT' | 'PARTNER' | 'MUNICIPALITY' | 'PERSON' | 'ENTRY';

/**
 * One reason a pair is conflicted. `value` is the entry-side text that matched (trimmed, as
 * written): it may name the applicant, so reasons are for officers and the audit log only.
 */
export interface ConflictReason {
  readonly code: ConflictCode;
  readonly party: ConflictParty;
  readonly value: string;
}

export interface ConflictCheck {
  readonly conflicted: boolean;
  readonly reasons: readonly ConflictReason[];
}

export interface EntryConflicts {
  readonly entryId: string;
  readonly evaluators: readonly { readonly evaluatorId: string; readonly reasons: readonly ConflictReason[] }[];
}

export interface ConflictOptions {
  /** Further free mail providers of the region, added to PUBLIC_MAIL_DOMAINS. */
  readonly extraPublicMailDomains?: readonly string[];
}

/**
 * Free mail providers. Two people writing from gmail.com share a provider, not an employer:
 * matching on these would flag most pairs and starve the assignment, while proving nothing.
 * (The very same address still counts: that is the same person.)
 */
export const PUBLIC_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'ymail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.net',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  // Regional free providers of the reference programmes' countries.
  'abv.bg',
  'mail.bg',
  'dir.bg',
  't-home.mk',
]);

/**
 * Case- and whitespace-insensitive form of a name: NFC first (an "č" typed as c + combining caron
 * is the same letter), outer space trimmed, inner runs collapsed, lower-cased without a locale.
 * Scripts are kept as they are: "Скопје" and "Skopje" are different strings, as the programme wrote them.
 */
export function normaliseName(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** "Ana@Mostar.BA " → "mostar.ba"; null when there is no domain. */
export function emailDomain(email: string): string | null {
  const e = normaliseName(email);
  const at = e.lastIndexOf('@');
  if (at < 0 || at === e.length - 1) return null;
  return e.slice(at + 1).replace(/\.$/, '');
}

function publicDomains(options?: ConflictOptions): ReadonlySet<string> {
  const extra = options?.extraPublicMailDomains ?? [];
  if (extra.length === 0) return PUBLIC_MAIL_DOMAINS;
  return new Set([...PUBLIC_MAIL_DOMAINS, ...extra.map(normaliseName)]);
}

function organisationTokens(o: OrganisationRef | undefined): string[] {
  const out: string[] = [];
  if (o?.id && o.id.trim()) out.push(o.id);
  if (o?.name && o.name.trim()) out.push(o.name);
  return out;
}

function normalisedSet(values: readonly string[] | undefined): Set<string> {
  const s = new Set<string>();
  for (const v of values ?? []) if (v.trim()) s.add(normaliseName(v));
  return s;
}

const CODE_ORDER: readonly ConflictCode[] = [
  'SAME_ORGANISATION',
  'SAME_EMAIL_ADDRESS',
  'SAME_EMAIL_DOMAIN',
  'MUNICIPALITY_STAFF',
  'DECLARED_ORGANISATION',
  'DECLARED_MUNICIPALITY',
  'DECLARED_PERSON',
  'DECLARED_ENTRY',
];
const PARTY_ORDER: readonly ConflictParty[] = ['APPLICANT', 'PARTNER', 'MUNICIPALITY', 'PERSON', 'ENTRY'];

/** Reasons in one total order, duplicates dropped: partners listed in another order give the same answer. */
function sortReasons(reasons: ConflictReason[]): ConflictReason[] {
  const seen = new Set<string>();
  const unique = reasons.filter((r) => {
    const k = `${r.code}\u0000${r.party}\u0000${r.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return unique.sort(
    (a, b) =>
      CODE_ORDER.indexOf(a.code) - CODE_ORDER.indexOf(b.code) ||
      PARTY_ORDER.indexOf(a.party) - PARTY_ORDER.indexOf(b.party) ||
      compareCodeUnits(a.value, b.value),
  );
}

/** Is this evaluator conflicted on this entry, and why (every reason, in a fixed order)? */
export function checkConflict(evaluator: EvaluatorProfile, entry: EntryParties, options?: ConflictOptions): ConflictCheck {
  const free = publicDomains(options);
  const ownOrgs = normalisedSet(organisationTokens(evaluator.organisation));
  const ownEmail = evaluator.email.trim() ? normaliseName(evaluator.email) : null;
  const ownDomainRaw = ownEmail ? emailDomain(ownEmail) : null;
  const ownDomain = ownDomainRaw && !free.has(ownDomainRaw) ? ownDomainRaw : null;
  const declaredOrgs = normalisedSet(evaluator.declared?.organisations);
  const declaredMunicipalities = normalisedSet(evaluator.declared?.municipalities);
  const declaredPersons = normalisedSet(evaluator.declared?.persons);
  const reasons: ConflictReason[] = [];

  const parties: [ConflictParty, EntryParty][] = [
    ['APPLICANT', entry.applicant],
    ...(entry.partners ?? []).map((p): [ConflictParty, EntryParty] => ['PARTNER', p]),
  ];
  for (const [party, p] of parties) {
    for (const raw of organisationTokens(p.organisation)) {
      const v = normaliseName(raw);
      if (ownOrgs.has(v)) reasons.push({ code: 'SAME_ORGANISATION', party, value: raw.trim() });
      if (declaredOrgs.has(v)) reasons.push({ code: 'DECLARED_ORGANISATION', party, value: raw.trim() });
    }
    if (p.email && p.email.trim()) {
      const email = normaliseName(p.email);
      if (email === ownEmail) reasons.push({ code: 'SAME_EMAIL_ADDRESS', party, value: p.email.trim() });
      else {
        const d = emailDomain(email);
        if (d && d === ownDomain) reasons.push({ code: 'SAME_EMAIL_DOMAIN', party, value: d });
      }
      if (declaredPersons.has(email)) reasons.push({ code: 'DECLARED_PERSON', party, value: p.email.trim() });
    }
  }

  const m = entry.partnerMunicipality;
  if (m) {
    for (const raw of organisationTokens(m)) {
      const v = normaliseName(raw);
      if (ownOrgs.has(v)) reasons.push({ code: 'MUNICIPALITY_STAFF', party: 'MUNICIPALITY', value: raw.trim() });
      if (declaredMunicipalities.has(v)) reasons.push({ code: 'DECLARED_MUNICIPALITY', party: 'MUNICIPALITY', value: raw.trim() });
    }
    if (m.emailDomain && ownDomain && normaliseName(m.emailDomain).replace(/\.$/, '') === ownDomain) {
      reasons.push({ code: 'MUNICIPALITY_STAFF', party: 'MUNICIPALITY', value: ownDomain });
    }
  }

  for (const person of entry.persons ?? []) {
    if (person.trim() && declaredPersons.has(normaliseName(person))) {
      reasons.push({ code: 'DECLARED_PERSON', party: 'PERSON', value: person.trim() });
    }
  }
  // Entry ids are system identifiers: matched exactly.
  if (evaluator.declared?.entryIds?.includes(entry.entryId)) {
    reasons.push({ code: 'DECLARED_ENTRY', party: 'ENTRY', value: entry.entryId });
  }

  const sorted = sortReasons(reasons);
  return { conflicted: sorted.length > 0, reasons: sorted };
}

/**
 * Every conflicted pair of a panel and a call's entries, sorted by entry id then evaluator id; entries
 * without conflicts are left out. Conflicts are sparse, so instead of checking every pair
 * (entries × evaluators) an inverted index of the evaluators' names, domains and declarations
 * proposes candidates, and checkConflict — the one source of truth — confirms them.
 */
export function findConflicts(
  evaluators: readonly EvaluatorProfile[],
  entries: readonly EntryParties[],
  options?: ConflictOptions,
): EntryConflicts[] {
  const free = publicDomains(options);
  const sortedEvaluators = [...evaluators].sort((a, b) => compareCodeUnits(a.id, b.id));
  const byName = new Map<string, number[]>();
  const byDomain = new Map<string, number[]>();
  const byAddressOrPerson = new Map<string, number[]>();
  const byEntry = new Map<string, number[]>();
  const put = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  sortedEvaluators.forEach((ev, i) => {
    const names = [
      ...organisationTokens(ev.organisation),
      ...(ev.declared?.organisations ?? []),
      ...(ev.declared?.municipalities ?? []),
    ];
    for (const n of names) if (n.trim()) put(byName, normaliseName(n), i);
    if (ev.email.trim()) {
      put(byAddressOrPerson, normaliseName(ev.email), i);
      const d = emailDomain(ev.email);
      if (d && !free.has(d)) put(byDomain, d, i);
    }
    for (const p of ev.declared?.persons ?? []) if (p.trim()) put(byAddressOrPerson, normaliseName(p), i);
    for (const e of ev.declared?.entryIds ?? []) put(byEntry, e, i);
  });

  const out: EntryConflicts[] = [];
  const sortedEntries = [...entries].sort((a, b) => compareCodeUnits(a.entryId, b.entryId));
  for (const entry of sortedEntries) {
    const candidates = new Set<number>();
    const add = (list: number[] | undefined) => list?.forEach((i) => candidates.add(i));
    const parties = [entry.applicant, ...(entry.partners ?? [])];
    for (const p of parties) {
      for (const n of organisationTokens(p.organisation)) add(byName.get(normaliseName(n)));
      if (p.email && p.email.trim()) {
        add(byAddressOrPerson.get(normaliseName(p.email)));
        const d = emailDomain(p.email);
        if (d) add(byDomain.get(d));
      }
    }
    const m = entry.partnerMunicipality;
    for (const n of organisationTokens(m)) add(byName.get(normaliseName(n)));
    if (m?.emailDomain) add(byDomain.get(normaliseName(m.emailDomain).replace(/\.$/, '')));
    for (const p of entry.persons ?? []) if (p.trim()) add(byAddressOrPerson.get(normaliseName(p)));
    add(byEntry.get(entry.entryId));
    if (candidates.size === 0) continue;

    const found: { evaluatorId: string; reasons: readonly ConflictReason[] }[] = [];
    for (const i of [...candidates].sort((a, b) => a - b)) {
      const ev = sortedEvaluators[i];
      const check = checkConflict(ev, entry, options);
      if (check.conflicted) found.push({ evaluatorId: ev.id, reasons: check.reasons });
    }
    if (found.length > 0) out.push({ entryId: entry.entryId, evaluators: found });
  }
  return out;
}

/** entry id → ids of the evaluators conflicted on it: the shape assignment takes. */
export function conflictedEvaluatorIdsByEntry(conflicts: readonly EntryConflicts[]): Map<string, string[]> {
  return new Map(conflicts.map((c) => [c.entryId, c.evaluators.map((e) => e.evaluatorId)]));
}
