/**
 * E-mail texts per kind and language. `{{name}}` placeholders are filled from the delivery's
 * variables; a language without a text falls back to English. Kept in code (reviewed like code,
 * versioned with the events that fill them).
 */
export const LANGUAGES = ['mk', 'sq', 'bs', 'sr', 'hr', 'bg', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DELIVERY_KINDS = [
  'WELCOME',
  'PASSWORD_RESET',
  'RECEIPT',
  'ELIGIBILITY',
  'ASSIGNMENT',
  'RESULTS',
  'AWARD',
  'PAYMENT_APPROVED',
  'PAYMENT_PAID',
  'REPORT_RETURNED',
] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

export interface MailText {
  subject: string;
  body: string;
}

type Texts = Partial<Record<Language, MailText>> & { en: MailText };

export const TEMPLATES: Record<DeliveryKind, Texts> = {
  WELCOME: {
    en: { subject: 'Welcome, {{displayName}}', body: 'Your account is ready. You can now apply to open calls.' },
    mk: { subject: 'Добредојдовте, {{displayName}}', body: 'Вашата сметка е подготвена. Сега можете да аплицирате на отворените повици.' },
    sq: { subject: 'Mirë se vini, {{displayName}}', body: 'Llogaria juaj është gati. Tani mund të aplikoni në thirrjet e hapura.' },
    bs: { subject: 'Dobro došli, {{displayName}}', body: 'Vaš račun je spreman. Sada se možete prijaviti na otvorene pozive.' },
    sr: { subject: 'Добро дошли, {{displayName}}', body: 'Ваш налог је спреман. Сада можете да конкуришете на отворене позиве.' },
    hr: { subject: 'Dobro došli, {{displayName}}', body: 'Vaš je račun spreman. Sada se možete prijaviti na otvorene pozive.' },
    bg: { subject: 'Добре дошли, {{displayName}}', body: 'Профилът ви е готов. Вече можете да кандидатствате по отворените покани.' },
  },
  PASSWORD_RESET: {
    en: { subject: 'Reset your password', body: 'Open this link within the hour to choose a new password: {{link}}\nIf you did not ask for it, ignore this message.' },
    mk: { subject: 'Промена на лозинка', body: 'Отворете ја врската во рок од еден час за да изберете нова лозинка: {{link}}\nАко не побаравте промена, занемарете ја пораката.' },
    sq: { subject: 'Rivendosni fjalëkalimin', body: 'Hapeni këtë lidhje brenda një ore për të zgjedhur një fjalëkalim të ri: {{link}}\nNëse nuk e keni kërkuar, shpërfilleni këtë mesazh.' },
    bs: { subject: 'Promjena lozinke', body: 'Otvorite ovaj link u roku od sat vremena da izaberete novu lozinku: {{link}}\nAko to niste tražili, zanemarite ovu poruku.' },
    sr: { subject: 'Промена лозинке', body: 'Отворите ову везу у року од сат времена да изаберете нову лозинку: {{link}}\nАко то нисте тражили, занемарите ову поруку.' },
    hr: { subject: 'Promjena lozinke', body: 'Otvorite ovu poveznicu u roku od sat vremena kako biste odabrali novu lozinku: {{link}}\nAko to niste tražili, zanemarite ovu poruku.' },
    bg: { subject: 'Смяна на паролата', body: 'Отворете тази връзка до един час, за да изберете нова парола: {{link}}\nАко не сте поискали смяна, пренебрегнете съобщението.' },
  },
  RECEIPT: {
    en: { subject: 'Received: {{reference}}', body: 'We received your submission {{reference}} at {{submittedAt}}.\nContent fingerprint (SHA-256): {{contentSha256}}' },
    mk: { subject: 'Примено: {{reference}}', body: 'Вашата пријава {{reference}} е примена на {{submittedAt}}.\nОтпечаток на содржината (SHA-256): {{contentSha256}}' },
    sq: { subject: 'U pranua: {{reference}}', body: 'Aplikimi juaj {{reference}} u pranua më {{submittedAt}}.\nGjurma e përmbajtjes (SHA-256): {{contentSha256}}' },
    bs: { subject: 'Zaprimljeno: {{reference}}', body: 'Vaša prijava {{reference}} zaprimljena je {{submittedAt}}.\nOtisak sadržaja (SHA-256): {{contentSha256}}' },
    sr: { subject: 'Примљено: {{reference}}', body: 'Ваша пријава {{reference}} примљена је {{submittedAt}}.\nОтисак садржаја (SHA-256): {{contentSha256}}' },
    hr: { subject: 'Zaprimljeno: {{reference}}', body: 'Vaša prijava {{reference}} zaprimljena je {{submittedAt}}.\nOtisak sadržaja (SHA-256): {{contentSha256}}' },
    bg: { subject: 'Получено: {{reference}}', body: 'Вашето предложение {{reference}} е получено на {{submittedAt}}.\nОтпечатък на съдържанието (SHA-256): {{contentSha256}}' },
  },
  ELIGIBILITY: {
    en: { subject: 'Eligibility decision for {{reference}}', body: 'Your application {{reference}} was found {{decision}}. {{reason}}' },
  },
  ASSIGNMENT: {
    en: { subject: 'New entries to evaluate in {{callTitle}}', body: 'You have {{count}} new entries to evaluate. The deadline is {{deadline}}.' },
  },
  RESULTS: {
    en: { subject: 'Results of {{callTitle}}', body: 'The results of the call are published. Your application {{reference}}: {{outcome}}.' },
  },
  AWARD: {
    en: { subject: 'Congratulations: {{reference}} is awarded', body: 'Your application {{reference}} is awarded {{amount}}. Please enter your bank details to receive it.' },
    mk: { subject: 'Честитки: {{reference}} е наградена', body: 'Вашата пријава {{reference}} е наградена со {{amount}}. Внесете ги вашите банкарски податоци за да ја примите наградата.' },
    sq: { subject: 'Urime: {{reference}} u shpërblye', body: 'Aplikimi juaj {{reference}} u shpërblye me {{amount}}. Ju lutemi vendosni të dhënat bankare për ta marrë.' },
    bs: { subject: 'Čestitamo: {{reference}} je nagrađena', body: 'Vaša prijava {{reference}} nagrađena je iznosom {{amount}}. Unesite bankovne podatke kako biste ga primili.' },
    sr: { subject: 'Честитамо: {{reference}} је награђена', body: 'Ваша пријава {{reference}} награђена је износом {{amount}}. Унесите банковне податке да бисте га примили.' },
    hr: { subject: 'Čestitamo: {{reference}} je nagrađena', body: 'Vaša prijava {{reference}} nagrađena je iznosom {{amount}}. Unesite bankovne podatke kako biste ga primili.' },
    bg: { subject: 'Поздравления: {{reference}} е наградено', body: 'Вашето предложение {{reference}} е наградено с {{amount}}. Моля, въведете банковите си данни, за да го получите.' },
  },
  PAYMENT_APPROVED: {
    en: { subject: 'Payment approved: {{amount}}', body: 'A payment of {{amount}} for {{reference}} has been approved and will be sent shortly.' },
  },
  PAYMENT_PAID: {
    en: { subject: 'Payment sent: {{amount}}', body: 'A payment of {{amount}} for {{reference}} has been sent to your account.' },
    mk: { subject: 'Уплатата е извршена: {{amount}}', body: 'Уплата од {{amount}} за {{reference}} е испратена на вашата сметка.' },
    bg: { subject: 'Плащането е извършено: {{amount}}', body: 'Плащане от {{amount}} за {{reference}} е изпратено по вашата сметка.' },
    sr: { subject: 'Уплата је извршена: {{amount}}', body: 'Уплата од {{amount}} за {{reference}} послата је на ваш рачун.' },
    bs: { subject: 'Uplata je izvršena: {{amount}}', body: 'Uplata od {{amount}} za {{reference}} poslana je na vaš račun.' },
  },
  REPORT_RETURNED: {
    en: { subject: 'Your report on {{reference}} needs changes', body: 'The programme officer returned your {{reportKind}} report: {{reason}}' },
  },
};

const isLanguage = (l: string): l is Language => (LANGUAGES as readonly string[]).includes(l);

/** Fills a template in the recipient's language, or in English when there is no such text. */
export function render(kind: DeliveryKind, language: string, vars: Record<string, unknown>): MailText & { language: Language } {
  const texts = TEMPLATES[kind];
  const lang: Language = isLanguage(language) && texts[language] ? language : 'en';
  const t = texts[lang]!;
  const fill = (s: string) =>
    s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => (vars[k] === undefined || vars[k] === null ? '' : String(vars[k])));
  return { subject: fill(t.subject), body: fill(t.body), language: lang };
}
