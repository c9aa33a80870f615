/**
 * E-mail texts per kind and language. `{{name}}` placeholders are filled from the delivery's
 * variables; `{{#name}}…{{/name}}` is kept only when the variable is set (not empty, false or 0),
 * `{{^name}}…{{/name}}` only when it is not, so that each language words every case (an outcome,
 * a missing call title) as a whole sentence. Every kind has a text in every language; an unknown
 * language falls back to English. Kept in code (reviewed like code, versioned with the events
 * that fill them).
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
  'CLARIFICATION',
] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

export interface MailText {
  subject: string;
  body: string;
}

type Texts = Record<Language, MailText>;

/**
 * The line that closes every message with the portal page it is about (`link`, filled by the
 * sending job from the delivery's application or grant). The reset message words its link itself.
 */
export const LINK_LINE: Record<Language, string> = {
  en: 'Open it in the portal: {{link}}',
  mk: 'Отворете го на порталот: {{link}}',
  sq: 'Hapeni në portal: {{link}}',
  bs: 'Otvorite na portalu: {{link}}',
  sr: 'Отворите на порталу: {{link}}',
  hr: 'Otvorite na portalu: {{link}}',
  bg: 'Отворете го в портала: {{link}}',
};

const BODIES: Record<DeliveryKind, Texts> = {
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
    en: {
      subject: 'Eligibility decision: {{reference}}',
      body: '{{#eligible}}Your application {{reference}} meets the eligibility requirements of the call and goes on to evaluation.{{/eligible}}{{^eligible}}Your application {{reference}} does not meet the eligibility requirements of the call.{{#reason}}\nReason: {{reason}}{{/reason}}\nYou may appeal against this decision within the period set in the call.{{/eligible}}',
    },
    mk: {
      subject: 'Одлука за подобност: {{reference}}',
      body: '{{#eligible}}Вашата пријава {{reference}} ги исполнува условите на повикот и продолжува во фазата на оценување.{{/eligible}}{{^eligible}}Вашата пријава {{reference}} не ги исполнува условите на повикот.{{#reason}}\nОбразложение: {{reason}}{{/reason}}\nМожете да поднесете жалба против оваа одлука во рокот определен во повикот.{{/eligible}}',
    },
    sq: {
      subject: 'Vendimi për pranueshmërinë: {{reference}}',
      body: '{{#eligible}}Aplikimi juaj {{reference}} i plotëson kushtet e thirrjes dhe kalon në fazën e vlerësimit.{{/eligible}}{{^eligible}}Aplikimi juaj {{reference}} nuk i plotëson kushtet e thirrjes.{{#reason}}\nArsyeja: {{reason}}{{/reason}}\nMund të ankoheni kundër këtij vendimi brenda afatit të përcaktuar në thirrje.{{/eligible}}',
    },
    bs: {
      subject: 'Odluka o ispunjenosti uslova: {{reference}}',
      body: '{{#eligible}}Vaša prijava {{reference}} ispunjava uslove poziva i prelazi u fazu ocjenjivanja.{{/eligible}}{{^eligible}}Vaša prijava {{reference}} ne ispunjava uslove poziva.{{#reason}}\nObrazloženje: {{reason}}{{/reason}}\nNa ovu odluku možete uložiti žalbu u roku navedenom u pozivu.{{/eligible}}',
    },
    sr: {
      subject: 'Одлука о испуњености услова: {{reference}}',
      body: '{{#eligible}}Ваша пријава {{reference}} испуњава услове позива и прелази у фазу оцењивања.{{/eligible}}{{^eligible}}Ваша пријава {{reference}} не испуњава услове позива.{{#reason}}\nОбразложење: {{reason}}{{/reason}}\nНа ову одлуку можете уложити жалбу у року наведеном у позиву.{{/eligible}}',
    },
    hr: {
      subject: 'Odluka o ispunjavanju uvjeta: {{reference}}',
      body: '{{#eligible}}Vaša prijava {{reference}} ispunjava uvjete poziva i prelazi u fazu ocjenjivanja.{{/eligible}}{{^eligible}}Vaša prijava {{reference}} ne ispunjava uvjete poziva.{{#reason}}\nObrazloženje: {{reason}}{{/reason}}\nNa ovu odluku možete uložiti žalbu u roku navedenom u pozivu.{{/eligible}}',
    },
    bg: {
      subject: 'Решение за допустимост: {{reference}}',
      body: '{{#eligible}}Вашето предложение {{reference}} отговаря на условията на поканата и преминава към оценяване.{{/eligible}}{{^eligible}}Вашето предложение {{reference}} не отговаря на условията на поканата.{{#reason}}\nМотиви: {{reason}}{{/reason}}\nМожете да обжалвате решението в срока, посочен в поканата.{{/eligible}}',
    },
  },
  ASSIGNMENT: {
    en: {
      subject: 'New entries to evaluate{{#callTitle}}: {{callTitle}}{{/callTitle}}',
      body: 'New entries assigned to you for evaluation: {{count}}{{#callTitle}} (call “{{callTitle}}”){{/callTitle}}.\nYour entries in this call in total: {{totalInCall}}.\nSign in to the platform to score them.',
    },
    mk: {
      subject: 'Нови пријави за оценување{{#callTitle}}: {{callTitle}}{{/callTitle}}',
      body: 'Нови пријави што ви се доделени за оценување: {{count}}{{#callTitle}} (повик „{{callTitle}}“){{/callTitle}}.\nВкупно ваши пријави во овој повик: {{totalInCall}}.\nНајавете се на платформата за да ги оцените.',
    },
    sq: {
      subject: 'Aplikime të reja për vlerësim{{#callTitle}}: {{callTitle}}{{/callTitle}}',
      body: 'Aplikime të reja që ju janë caktuar për vlerësim: {{count}}{{#callTitle}} (thirrja “{{callTitle}}”){{/callTitle}}.\nGjithsej aplikime që keni në këtë thirrje: {{totalInCall}}.\nHyni në platformë për t’i vlerësuar.',
    },
    bs: {
      subject: 'Nove prijave za ocjenjivanje{{#callTitle}}: {{callTitle}}{{/callTitle}}',
      body: 'Broj novih prijava dodijeljenih vam za ocjenjivanje: {{count}}{{#callTitle}} (poziv „{{callTitle}}“){{/callTitle}}.\nUkupno vaših prijava u ovom pozivu: {{totalInCall}}.\nPrijavite se na platformu da biste ih ocijenili.',
    },
    sr: {
      subject: 'Нове пријаве за оцењивање{{#callTitle}}: {{callTitle}}{{/callTitle}}',
      body: 'Број нових пријава додељених вам за оцењивање: {{count}}{{#callTitle}} (позив „{{callTitle}}“){{/callTitle}}.\nУкупно ваших пријава у овом позиву: {{totalInCall}}.\nПријавите се на платформу да бисте их оценили.',
    },
    hr: {
      subject: 'Nove prijave za ocjenjivanje{{#callTitle}}: {{callTitle}}{{/callTitle}}',
      body: 'Broj novih prijava dodijeljenih vam za ocjenjivanje: {{count}}{{#callTitle}} (poziv „{{callTitle}}“){{/callTitle}}.\nUkupno vaših prijava u ovom pozivu: {{totalInCall}}.\nPrijavite se na platformu kako biste ih ocijenili.',
    },
    bg: {
      subject: 'Нови предложения за оценяване{{#callTitle}}: {{callTitle}}{{/callTitle}}',
      body: 'Нови предложения, разпределени ви за оценяване: {{count}}{{#callTitle}} (покана „{{callTitle}}“){{/callTitle}}.\nОбщо ваши предложения по тази покана: {{totalInCall}}.\nВлезте в платформата, за да ги оцените.',
    },
  },
  RESULTS: {
    en: {
      subject: 'Results of the call{{#callTitle}} “{{callTitle}}”{{/callTitle}}: {{reference}}',
      body: 'The results of the call{{#callTitle}} “{{callTitle}}”{{/callTitle}} have been published.\n{{#awarded}}Your application {{reference}} has been selected for an award. You will receive the details in a separate message.{{/awarded}}{{#reserve}}Your application {{reference}} is on the reserve list. If a selected applicant drops out, we will write to you.{{/reserve}}{{#notSelected}}Your application {{reference}} has not been selected this time. Thank you for taking part.{{/notSelected}}',
    },
    mk: {
      subject: 'Резултати од повикот{{#callTitle}} „{{callTitle}}“{{/callTitle}}: {{reference}}',
      body: 'Објавени се резултатите од повикот{{#callTitle}} „{{callTitle}}“{{/callTitle}}.\n{{#awarded}}Вашата пријава {{reference}} е избрана за награда. Деталите ќе ги добиете во посебна порака.{{/awarded}}{{#reserve}}Вашата пријава {{reference}} е на резервната листа. Ако некој од избраните се откаже, ќе ве известиме.{{/reserve}}{{#notSelected}}Вашата пријава {{reference}} овој пат не е избрана. Ви благодариме за учеството.{{/notSelected}}',
    },
    sq: {
      subject: 'Rezultatet e thirrjes{{#callTitle}} “{{callTitle}}”{{/callTitle}}: {{reference}}',
      body: 'Rezultatet e thirrjes{{#callTitle}} “{{callTitle}}”{{/callTitle}} u publikuan.\n{{#awarded}}Aplikimi juaj {{reference}} u përzgjodh për shpërblim. Hollësitë do t’i merrni në një mesazh të veçantë.{{/awarded}}{{#reserve}}Aplikimi juaj {{reference}} është në listën rezervë. Nëse ndonjë nga të përzgjedhurit tërhiqet, do t’ju njoftojmë.{{/reserve}}{{#notSelected}}Aplikimi juaj {{reference}} nuk u përzgjodh këtë herë. Ju faleminderit për pjesëmarrjen.{{/notSelected}}',
    },
    bs: {
      subject: 'Rezultati poziva{{#callTitle}} „{{callTitle}}“{{/callTitle}}: {{reference}}',
      body: 'Objavljeni su rezultati poziva{{#callTitle}} „{{callTitle}}“{{/callTitle}}.\n{{#awarded}}Vaša prijava {{reference}} izabrana je za nagradu. Pojedinosti ćete dobiti u posebnoj poruci.{{/awarded}}{{#reserve}}Vaša prijava {{reference}} nalazi se na rezervnoj listi. Ako neko od izabranih odustane, obavijestit ćemo vas.{{/reserve}}{{#notSelected}}Vaša prijava {{reference}} ovaj put nije izabrana. Hvala vam na učešću.{{/notSelected}}',
    },
    sr: {
      subject: 'Резултати позива{{#callTitle}} „{{callTitle}}“{{/callTitle}}: {{reference}}',
      body: 'Објављени су резултати позива{{#callTitle}} „{{callTitle}}“{{/callTitle}}.\n{{#awarded}}Ваша пријава {{reference}} изабрана је за награду. Појединости ћете добити у посебној поруци.{{/awarded}}{{#reserve}}Ваша пријава {{reference}} налази се на резервној листи. Ако неко од изабраних одустане, обавестићемо вас.{{/reserve}}{{#notSelected}}Ваша пријава {{reference}} овога пута није изабрана. Хвала вам на учешћу.{{/notSelected}}',
    },
    hr: {
      subject: 'Rezultati poziva{{#callTitle}} „{{callTitle}}“{{/callTitle}}: {{reference}}',
      body: 'Objavljeni su rezultati poziva{{#callTitle}} „{{callTitle}}“{{/callTitle}}.\n{{#awarded}}Vaša prijava {{reference}} odabrana je za nagradu. Pojedinosti ćete dobiti u zasebnoj poruci.{{/awarded}}{{#reserve}}Vaša prijava {{reference}} nalazi se na rezervnoj listi. Ako netko od odabranih odustane, obavijestit ćemo vas.{{/reserve}}{{#notSelected}}Vaša prijava {{reference}} ovaj put nije odabrana. Zahvaljujemo vam na sudjelovanju.{{/notSelected}}',
    },
    bg: {
      subject: 'Резултати от поканата{{#callTitle}} „{{callTitle}}“{{/callTitle}}: {{reference}}',
      body: 'Резултатите от поканата{{#callTitle}} „{{callTitle}}“{{/callTitle}} са публикувани.\n{{#awarded}}Вашето предложение {{reference}} е избрано за награждаване. Подробностите ще получите в отделно съобщение.{{/awarded}}{{#reserve}}Вашето предложение {{reference}} е в резервния списък. Ако някой от избраните се откаже, ще ви уведомим.{{/reserve}}{{#notSelected}}Вашето предложение {{reference}} този път не е избрано. Благодарим ви за участието.{{/notSelected}}',
    },
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
    en: { subject: 'Payment approved: {{amount}}', body: 'A payment of {{amount}} for {{reference}}{{#tranche}} (tranche {{tranche}}){{/tranche}} has been approved and will be sent to your account shortly.' },
    mk: { subject: 'Одобрена уплата: {{amount}}', body: 'Одобрена е уплата од {{amount}} за {{reference}}{{#tranche}} (транша {{tranche}}){{/tranche}}. Средствата наскоро ќе бидат испратени на вашата сметка.' },
    sq: { subject: 'Pagesa u miratua: {{amount}}', body: 'U miratua një pagesë prej {{amount}} për {{reference}}{{#tranche}} (kësti {{tranche}}){{/tranche}}. Shuma do të dërgohet së shpejti në llogarinë tuaj.' },
    bs: { subject: 'Uplata je odobrena: {{amount}}', body: 'Odobrena je uplata od {{amount}} za {{reference}}{{#tranche}} (tranša {{tranche}}){{/tranche}}. Sredstva će uskoro biti poslana na vaš račun.' },
    sr: { subject: 'Уплата је одобрена: {{amount}}', body: 'Одобрена је уплата од {{amount}} за {{reference}}{{#tranche}} (транша {{tranche}}){{/tranche}}. Средства ће ускоро бити послата на ваш рачун.' },
    hr: { subject: 'Isplata je odobrena: {{amount}}', body: 'Odobrena je isplata od {{amount}} za {{reference}}{{#tranche}} (tranša {{tranche}}){{/tranche}}. Sredstva će uskoro biti uplaćena na vaš račun.' },
    bg: { subject: 'Одобрено плащане: {{amount}}', body: 'Одобрено е плащане в размер на {{amount}} по {{reference}}{{#tranche}} (транш {{tranche}}){{/tranche}}. Сумата скоро ще бъде преведена по сметката ви.' },
  },
  PAYMENT_PAID: {
    en: { subject: 'Payment sent: {{amount}}', body: 'A payment of {{amount}} for {{reference}}{{#tranche}} (tranche {{tranche}}){{/tranche}} has been sent to your account.' },
    mk: { subject: 'Уплатата е извршена: {{amount}}', body: 'Уплата од {{amount}} за {{reference}}{{#tranche}} (транша {{tranche}}){{/tranche}} е испратена на вашата сметка.' },
    sq: { subject: 'Pagesa u krye: {{amount}}', body: 'Një pagesë prej {{amount}} për {{reference}}{{#tranche}} (kësti {{tranche}}){{/tranche}} u dërgua në llogarinë tuaj.' },
    bs: { subject: 'Uplata je izvršena: {{amount}}', body: 'Uplata od {{amount}} za {{reference}}{{#tranche}} (tranša {{tranche}}){{/tranche}} poslana je na vaš račun.' },
    sr: { subject: 'Уплата је извршена: {{amount}}', body: 'Уплата од {{amount}} за {{reference}}{{#tranche}} (транша {{tranche}}){{/tranche}} послата је на ваш рачун.' },
    hr: { subject: 'Isplata je izvršena: {{amount}}', body: 'Isplata od {{amount}} za {{reference}}{{#tranche}} (tranša {{tranche}}){{/tranche}} uplaćena je na vaš račun.' },
    bg: { subject: 'Плащането е извършено: {{amount}}', body: 'Плащане в размер на {{amount}} по {{reference}}{{#tranche}} (транш {{tranche}}){{/tranche}} е преведено по сметката ви.' },
  },
  REPORT_RETURNED: {
    en: {
      subject: 'Your report on {{reference}} needs changes',
      body: 'Your {{#final}}final report{{/final}}{{#interim}}interim report no. {{number}}{{/interim}} on {{reference}} has been returned for changes.{{#comment}}\nComment: {{comment}}{{/comment}}\nPlease revise it and submit it again.',
    },
    mk: {
      subject: 'Извештајот за {{reference}} е вратен на дополнување',
      body: 'Вашиот {{#final}}завршен извештај{{/final}}{{#interim}}периодичен извештај бр. {{number}}{{/interim}} за {{reference}} е вратен на дополнување.{{#comment}}\nКоментар: {{comment}}{{/comment}}\nВе молиме, доработете го и поднесете го повторно.',
    },
    sq: {
      subject: 'Raporti për {{reference}} u kthye për plotësim',
      body: '{{#final}}Raporti juaj përfundimtar{{/final}}{{#interim}}Raporti juaj i ndërmjetëm nr. {{number}}{{/interim}} për {{reference}} u kthye për plotësim.{{#comment}}\nKomenti: {{comment}}{{/comment}}\nJu lutemi ta përmirësoni dhe ta dorëzoni përsëri.',
    },
    bs: {
      subject: 'Izvještaj za {{reference}} vraćen je na doradu',
      body: 'Vaš {{#final}}završni izvještaj{{/final}}{{#interim}}periodični izvještaj br. {{number}}{{/interim}} za {{reference}} vraćen je na doradu.{{#comment}}\nKomentar: {{comment}}{{/comment}}\nMolimo vas da ga doradite i ponovo podnesete.',
    },
    sr: {
      subject: 'Извештај за {{reference}} враћен је на дораду',
      body: 'Ваш {{#final}}завршни извештај{{/final}}{{#interim}}периодични извештај бр. {{number}}{{/interim}} за {{reference}} враћен је на дораду.{{#comment}}\nКоментар: {{comment}}{{/comment}}\nМолимо вас да га дорадите и поново поднесете.',
    },
    hr: {
      subject: 'Izvješće za {{reference}} vraćeno je na doradu',
      body: 'Vaše {{#final}}završno izvješće{{/final}}{{#interim}}periodično izvješće br. {{number}}{{/interim}} za {{reference}} vraćeno je na doradu.{{#comment}}\nKomentar: {{comment}}{{/comment}}\nMolimo vas da ga doradite i ponovno podnesete.',
    },
    bg: {
      subject: 'Отчетът по {{reference}} е върнат за корекции',
      body: 'Вашият {{#final}}окончателен отчет{{/final}}{{#interim}}междинен отчет № {{number}}{{/interim}} по {{reference}} е върнат за корекции.{{#comment}}\nКоментар: {{comment}}{{/comment}}\nМоля, коригирайте го и го подайте отново.',
    },
  },
  CLARIFICATION: {
    en: { subject: 'A question about your application {{reference}}', body: 'The programme officer asks about your application {{reference}}:\n{{question}}\nPlease answer by {{respondBy}}.' },
    mk: { subject: 'Прашање за вашата пријава {{reference}}', body: 'Службеникот на програмата има прашање за вашата пријава {{reference}}:\n{{question}}\nВе молиме, одговорете до {{respondBy}}.' },
    sq: { subject: 'Një pyetje për aplikimin tuaj {{reference}}', body: 'Zyrtari i programit ka një pyetje për aplikimin tuaj {{reference}}:\n{{question}}\nJu lutemi përgjigjuni deri më {{respondBy}}.' },
    bs: { subject: 'Pitanje o vašoj prijavi {{reference}}', body: 'Službenik programa ima pitanje o vašoj prijavi {{reference}}:\n{{question}}\nMolimo vas da odgovorite do {{respondBy}}.' },
    sr: { subject: 'Питање о вашој пријави {{reference}}', body: 'Службеник програма има питање о вашој пријави {{reference}}:\n{{question}}\nМолимо вас да одговорите до {{respondBy}}.' },
    hr: { subject: 'Pitanje o vašoj prijavi {{reference}}', body: 'Službenik programa ima pitanje o vašoj prijavi {{reference}}:\n{{question}}\nMolimo vas da odgovorite do {{respondBy}}.' },
    bg: { subject: 'Въпрос относно вашето предложение {{reference}}', body: 'Служителят по програмата има въпрос относно вашето предложение {{reference}}:\n{{question}}\nМоля, отговорете до {{respondBy}}.' },
  },
};

/** Every template, each body but the reset's closed by its language's link line. */
export const TEMPLATES: Record<DeliveryKind, Texts> = Object.fromEntries(
  DELIVERY_KINDS.map((kind) => [
    kind,
    Object.fromEntries(
      LANGUAGES.map((l) => {
        const t = BODIES[kind][l];
        return [l, kind === 'PASSWORD_RESET' ? t : { subject: t.subject, body: `${t.body}{{#link}}\n${LINK_LINE[l]}{{/link}}` }];
      }),
    ),
  ]),
) as Record<DeliveryKind, Texts>;

/** A call's title in the first of these languages it has, else in its default language. */
export function callTitle(call: { texts: Record<string, { title?: string }>; default_language: string } | undefined, languages: string[]): string | undefined {
  if (!call) return undefined;
  for (const l of [...languages, call.default_language]) {
    const t = call.texts?.[l]?.title;
    if (t) return t;
  }
  return undefined;
}

const isLanguage = (l: string): l is Language => (LANGUAGES as readonly string[]).includes(l);

const SECTION = /\{\{([#^])(\w+)\}\}([\s\S]*?)\{\{\/\2\}\}/g;
const PLACEHOLDER = /\{\{(\w+)\}\}/g;

const isSet = (v: unknown) => v !== undefined && v !== null && v !== false && v !== '' && v !== 0;

/** Keeps or drops the sections (nested ones too); placeholders are left for one final pass. */
function expandSections(s: string, vars: Record<string, unknown>): string {
  return s.replace(SECTION, (_, op: string, k: string, inner: string) => (isSet(vars[k]) === (op === '#') ? expandSections(inner, vars) : ''));
}

/** The variables a text uses: `name`, `#name`, `^name`. Every language of a kind uses the same set. */
export function placeholdersOf(s: string): string[] {
  const found = new Set<string>();
  for (const m of s.matchAll(/\{\{([#^/]?)(\w+)\}\}/g)) if (m[1] !== '/') found.add(`${m[1]}${m[2]}`);
  return [...found].sort();
}

/** Fills a template in the recipient's language, or in English when there is no such text. */
export function render(kind: DeliveryKind, language: string, vars: Record<string, unknown>): MailText & { language: Language } {
  const texts = TEMPLATES[kind];
  const lang: Language = isLanguage(language) ? language : 'en';
  const t = texts[lang];
  // One pass over the expanded text: a value is never read as a template (a comment with "{{x}}" stays as written).
  const fill = (s: string) =>
    expandSections(s, vars).replace(PLACEHOLDER, (_, k: string) => (vars[k] === undefined || vars[k] === null ? '' : String(vars[k])));
  // A subject is one line whatever the values hold.
  return { subject: fill(t.subject).replace(/\s+/g, ' ').trim(), body: fill(t.body), language: lang };
}
