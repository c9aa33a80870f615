import { EntryToStaff, PanelEvaluator } from '../assignment';
import { Rubric } from '../aggregation';
import { EntryParties, EvaluatorProfile } from '../conflicts';

/**
 * Fixtures from the reference programmes (shared/domain/SCENARIOS.md). Names keep their own
 * script. Where the programmes publish no figure (prize amounts, requested amounts, jurors), the
 * fixture chooses one and says so.
 */

/** mulberry32: seeded, so "shuffled input" tests shuffle the same way on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rnd = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// ── 1. MK essay contest "Мојот сограѓанин од соседната улица": 30 essays, 5 jurors, 2 per essay ──

export const MK_ESSAY_CURRENCY = 'MKD';
/** The seed gives no prize amounts: this fixture chooses 12 000, 8 000 and 5 000 MKD. */
export const MK_PRIZES_MINOR: readonly bigint[] = [1_200_000n, 800_000n, 500_000n];

export const MK_ESSAY_RUBRIC: Rubric = {
  criteria: [
    { id: 'theme', weightPercent: 40, maxScore: 10, step: 0.5, threshold: 4 },
    { id: 'originality', weightPercent: 30, maxScore: 10, step: 0.5 },
    { id: 'language', weightPercent: 30, maxScore: 10, step: 0.5 },
  ],
  passMark: 50,
};

/** Essays come in the languages of the communities addressed; most in Macedonian. */
const MK_ESSAY_LANGUAGES = [
  ...Array<string>(18).fill('mk'),
  ...Array<string>(5).fill('sq'),
  ...Array<string>(3).fill('tr'),
  ...Array<string>(2).fill('sr'),
  ...Array<string>(2).fill('bs'),
];

const MK_SCHOOLS = [
  'СУГС „Георги Димитров“',
  'СУГС „Раде Јовчевски Корчагин“',
  'СОУ „Зеф Љуш Марку“',
  'СУГС „Никола Карев“',
  'СОУ „Јане Сандански“ Штип',
  'СУГС „Орце Николов“',
];

export interface MkEssay {
  readonly entryId: string;
  readonly reference: string;
  readonly language: string;
  readonly school: string;
  readonly submittedAt: string;
}

export function mkEssays(): MkEssay[] {
  return MK_ESSAY_LANGUAGES.map((language, i) => {
    const n = String(i + 1).padStart(2, '0');
    return {
      entryId: `mk-essay-${n}`,
      reference: `MK-ESSAY-2023-${n}`,
      language,
      school: MK_SCHOOLS[i % MK_SCHOOLS.length],
      submittedAt: `2023-05-${String(1 + (i % 28)).padStart(2, '0')}T${String(8 + (i % 10)).padStart(2, '0')}:00:00+02:00`,
    };
  });
}

/** Five jurors (fixture's choice) whose languages cover every essay twice over; capacity 65 for 60 places. */
export function mkJury(): (PanelEvaluator & EvaluatorProfile)[] {
  return [
    { id: 'juror-1', email: 'vesna@insok.org.mk', organisation: { name: 'Асоцијација ИнСоК' }, languages: ['mk', 'sq'], loadCap: 13 },
    { id: 'juror-2', email: 'arben@gmail.com', organisation: { name: 'Универзитет на Југоисточна Европа' }, languages: ['mk', 'sq', 'tr'], loadCap: 13 },
    { id: 'juror-3', email: 'milan@korcagin.edu.mk', organisation: { name: 'СУГС „Раде Јовчевски Корчагин“' }, languages: ['mk', 'sr', 'bs'], loadCap: 13 },
    { id: 'juror-4', email: 'emina@yahoo.com', organisation: { name: 'Центар за интеграција и поддршка Скопје' }, languages: ['mk', 'tr', 'sr', 'bs'], loadCap: 13 },
    { id: 'juror-5', email: 'elena@ukim.edu.mk', organisation: { name: 'Универзитет „Св. Кирил и Методиј“' }, languages: ['mk', 'sq'], loadCap: 13 },
  ];
}

/** An essay's parties: the student's school (blind review: never shown to a juror). */
export function mkEssayParties(e: MkEssay): EntryParties {
  return { entryId: e.entryId, applicant: { organisation: { name: e.school } } };
}

export function toEntryToStaff(e: { entryId: string; language: string }, conflictedEvaluatorIds?: string[]): EntryToStaff {
  return { id: e.entryId, language: e.language, ...(conflictedEvaluatorIds ? { conflictedEvaluatorIds } : {}) };
}

// ── 2. MAKERS (BiH, UNDP): 25 proposals from the 14 partner municipalities, a USD pool that fits 9 ──

export const MAKERS_MUNICIPALITIES = [
  'Centar Sarajevo',
  'Novo Sarajevo',
  'Istočno Novo Sarajevo',
  'Pale',
  'Trebinje',
  'Doboj',
  'Doboj Istok',
  'Brčko',
  'Bijeljina',
  'Mostar',
  'Bugojno',
  'Trnovo (RS)',
  'Travnik',
  'Novi Travnik',
] as const;

const SERBIAN_SPEAKING = new Set(['Istočno Novo Sarajevo', 'Pale', 'Trebinje', 'Doboj', 'Bijeljina', 'Trnovo (RS)']);
const CROATIAN_SPEAKING = new Set(['Mostar']);

export const MAKERS_CURRENCY = 'USD';
/** Requests are the fixture's choice (USD cents), cycling 42 000 – 50 000 USD. */
const MAKERS_REQUESTS_MINOR = [4_200_000n, 4_500_000n, 4_750_000n, 4_000_000n, 5_000_000n];
/** The top nine requests sum to 399 000 USD; the pool leaves 6 000 USD, less than any other request. */
export const MAKERS_POOL_MINOR = 40_500_000n;
export const MAKERS_MIN_AWARDS = 8;

export interface MakersProposal {
  readonly entryId: string;
  readonly reference: string;
  readonly municipality: string;
  readonly language: string;
  readonly requestedMinor: bigint;
  readonly submittedAt: string;
  readonly applicantOrganisation: string;
  readonly applicantEmail: string;
}

export function makersProposals(): MakersProposal[] {
  return Array.from({ length: 25 }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    const municipality = MAKERS_MUNICIPALITIES[i % MAKERS_MUNICIPALITIES.length];
    return {
      entryId: `makers-${n}`,
      reference: `MAKERS-LI-${n}`,
      municipality,
      language: SERBIAN_SPEAKING.has(municipality) ? 'sr' : CROATIAN_SPEAKING.has(municipality) ? 'hr' : 'bs',
      requestedMinor: MAKERS_REQUESTS_MINOR[i % MAKERS_REQUESTS_MINOR.length],
      submittedAt: `2021-03-${String(1 + i).padStart(2, '0')}T12:00:00+01:00`,
      applicantOrganisation: `Udruženje građana ${n}`,
      applicantEmail: `info@udruzenje-${n}.ba`,
    };
  });
}

export function makersParties(p: MakersProposal): EntryParties {
  return {
    entryId: p.entryId,
    applicant: { organisation: { name: p.applicantOrganisation }, email: p.applicantEmail },
    partnerMunicipality: { name: p.municipality, emailDomain: `${p.municipality.toLowerCase().replace(/[^a-zčćđšž]+/g, '')}.ba` },
  };
}

/** Six evaluators (fixture's choice); two work for partner municipalities. */
export function makersPanel(): (PanelEvaluator & EvaluatorProfile)[] {
  return [
    { id: 'makers-ev-1', email: 'amra@undp.org', organisation: { name: 'UNDP BiH' }, languages: ['bs', 'hr', 'sr', 'en'], loadCap: 10 },
    { id: 'makers-ev-2', email: 'dragan@pale.ba', organisation: { name: 'Pale' }, languages: ['sr', 'bs'], loadCap: 10 },
    { id: 'makers-ev-3', email: 'ivana@mostar.ba', organisation: { name: 'Grad Mostar' }, languages: ['hr', 'bs'], loadCap: 10 },
    { id: 'makers-ev-4', email: 'selma@gmail.com', organisation: { name: 'Fondacija Mozaik' }, languages: ['bs', 'sr', 'hr'], loadCap: 10 },
    { id: 'makers-ev-5', email: 'nenad@unibl.org', organisation: { name: 'Univerzitet u Banjoj Luci' }, languages: ['sr', 'bs'], loadCap: 10 },
    {
      id: 'makers-ev-6',
      email: 'lejla@cpcd.ba',
      organisation: { name: 'CPCD' },
      languages: ['bs', 'hr', 'sr'],
      loadCap: 10,
      declared: { municipalities: ['Travnik'] },
    },
  ];
}
