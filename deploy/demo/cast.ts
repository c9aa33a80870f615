/**
 * The people of the seeded demo and what they hand in: the three seed programmes of
 * ../shared/domain/SCENARIOS.md. Names stay in their own language and script. Where the seed gives
 * no figure (prize amounts, pools, scores) the demo chooses one and says so here.
 *
 * Scores are the demo's design, not a jury's: every evaluator scores an entry by its `quality`
 * (one juror scores one essay far lower, which pulls in a third juror), so the outcome is known in
 * advance and the same on every run.
 */

export interface Student {
  fullName: string;
  /** The account's language (e-mails); the essay's language may differ. */
  accountLanguage: string;
  essayLanguage: string;
  age: number;
  school: string;
  title: string;
  /** Score per criterion, 0–10 in steps of 0.5. */
  quality: number;
  guardian?: { guardianName: string; relation: string };
  /** The officer's reason, where screening finds the essay ineligible. */
  ineligible?: string;
  /** One juror scores this essay this low: the pair diverges and a third juror is drawn. */
  divergentScore?: number;
}

/** 1. The Forum of Small Communities: twelve students, one of them screened out. */
export const STUDENTS: Student[] = [
  { fullName: 'Ана Петровска', accountLanguage: 'mk', essayLanguage: 'mk', age: 17, school: 'СУГС „Орце Николов“', title: 'Чичко Ахмет од бројот 12', quality: 9.5, guardian: { guardianName: 'Верица Петровска', relation: 'мајка' } },
  { fullName: 'Elif Yılmaz', accountLanguage: 'mk', essayLanguage: 'tr', age: 16, school: 'СУГС „Зеф Љуш Марку“', title: 'Komşumuz Goran', quality: 8, guardian: { guardianName: 'Ayşe Yılmaz', relation: 'мајка' }, divergentScore: 4 },
  { fullName: 'Džemal Hodžić', accountLanguage: 'bs', essayLanguage: 'bs', age: 18, school: 'SUGS „Rade Jovčevski Korčagin“', title: 'Moja ulica', quality: 9 },
  { fullName: 'Марко Јовановић', accountLanguage: 'sr', essayLanguage: 'sr', age: 17, school: 'СУГС „Никола Карев“', title: 'Бака Милица', quality: 6.5, guardian: { guardianName: 'Драган Јовановић', relation: 'татко' } },
  { fullName: 'Ramadan Bajrami', accountLanguage: 'sq', essayLanguage: 'sq', age: 18, school: 'SHMK „Zef Lush Marku“', title: 'Fqinji im Stefani', quality: 8.5 },
  { fullName: 'Iulia Caragiu', accountLanguage: 'mk', essayLanguage: 'rup', age: 16, school: 'СОУ „Јане Сандански“ Штип', title: 'Pitarlu di pi căsăbălu', quality: 7.5, guardian: { guardianName: 'Nicolae Caragiu', relation: 'татко' } },
  { fullName: 'Ајше Реџепова', accountLanguage: 'mk', essayLanguage: 'mk', age: 15, school: 'СУГС „Георги Димитров“', title: 'Тетка Фатиме и градината', quality: 7, guardian: { guardianName: 'Сабрие Реџепова', relation: 'мајка' } },
  { fullName: 'Fatmir Demiri', accountLanguage: 'sq', essayLanguage: 'sq', age: 18, school: 'SHMK „Zef Lush Marku“', title: 'Dyqani i xhaxhait Ilir', quality: 6 },
  { fullName: 'Сара Трајковска', accountLanguage: 'mk', essayLanguage: 'mk', age: 18, school: 'СУГС „Орце Николов“', title: 'Соседот со виолината', quality: 5.5 },
  { fullName: 'Emina Bajramović', accountLanguage: 'bs', essayLanguage: 'bs', age: 17, school: 'SUGS „Georgi Dimitrov“', title: 'Komšinica Zlata', quality: 5, guardian: { guardianName: 'Senad Bajramović', relation: 'otac' } },
  { fullName: 'Mirlinda Ramadani', accountLanguage: 'sq', essayLanguage: 'sq', age: 16, school: 'SHMK „Zef Lush Marku“', title: 'Rruga jonë', quality: 4.5, guardian: { guardianName: 'Besa Ramadani', relation: 'nëna' } },
  {
    fullName: 'Стефан Стојаноски',
    accountLanguage: 'mk',
    essayLanguage: 'mk',
    age: 18,
    school: 'СУГС „Никола Карев“',
    title: 'Мојот сосед поштарот',
    quality: 9.5,
    ineligible: 'Есејот е веќе објавен во училишниот весник; конкурсот бара необјавен текст.',
  },
];

const ESSAY_SENTENCES: Record<string, string[]> = {
  mk: [
    'Секое утро мојот сосед ја полева улицата пред нашата зграда и ги поздравува сите деца на три јазици.',
    'Кога некој ќе се разболи, тој прв чука на вратата со чорба и со добар збор.',
    'Од него научив дека соседството не е адреса, туку навика да се грижиме едни за други.',
    'Во нашата улица живеат Турци, Роми, Македонци и Власи, и секој празник е заеднички.',
  ],
  tr: [
    'Komşumuz her sabah binamızın önündeki sokağı sular ve bütün çocukları üç dilde selamlar.',
    'Biri hastalandığında kapıyı ilk o çalar, elinde çorba ve güzel bir sözle.',
    'Ondan komşuluğun bir adres değil, birbirimizi kollama alışkanlığı olduğunu öğrendim.',
    'Sokağımızda Türkler, Romanlar, Makedonlar ve Ulahlar yaşar ve her bayram ortaktır.',
  ],
  bs: [
    'Svako jutro moj komšija zalijeva ulicu ispred naše zgrade i pozdravlja svu djecu na tri jezika.',
    'Kad se neko razboli, on prvi pokuca na vrata sa čorbom i lijepom riječju.',
    'Od njega sam naučio da komšiluk nije adresa, nego navika da brinemo jedni o drugima.',
    'U našoj ulici žive Bošnjaci, Romi, Makedonci i Srbi, i svaki praznik je zajednički.',
  ],
  sr: [
    'Свако јутро мој комшија залива улицу испред наше зграде и поздравља сву децу на три језика.',
    'Кад се неко разболи, он први покуца на врата са чорбом и лепом речју.',
    'Од њега сам научио да комшилук није адреса, него навика да бринемо једни о другима.',
    'У нашој улици живе Срби, Роми, Македонци и Турци, и сваки празник је заједнички.',
  ],
  sq: [
    'Çdo mëngjes fqinji im e ujit rrugën para ndërtesës sonë dhe i përshëndet të gjithë fëmijët në tri gjuhë.',
    'Kur dikush sëmuret, ai troket i pari në derë me supë dhe me një fjalë të mirë.',
    'Prej tij mësova se fqinjësia nuk është adresë, por zakon që të kujdesemi për njëri-tjetrin.',
    'Në rrugën tonë jetojnë shqiptarë, romë, maqedonas dhe turq, dhe çdo festë është e përbashkët.',
  ],
  rup: [
    'Tută dimneața vicinlu a meu udă ulița dinintea a casăljei a noastre și hiritiseaști tuț ficiorlji tu trei limbi.',
    'Cându cariva easte lăndzit, el bate protlu la ușă cu ciorbă și cu un zbor bun.',
    'Di la el nvițai că vicinătatea nu easte unā adresă, ma unā adeti s-nă avem grijă un di-alantu.',
    'Tu ulița a noastră bănează armânj, turți, machidonj și romi, și tută sărbătoarea easte comună.',
  ],
};

/** An essay of about 330 words in its language (the call asks for 300–1500). */
export function essayText(s: Student): string {
  const sentences = ESSAY_SENTENCES[s.essayLanguage];
  const out: string[] = [];
  let words = 0;
  for (let i = 0; words < 330; i++) {
    const sentence = sentences[i % sentences.length];
    out.push(sentence);
    words += sentence.split(/\s+/).length;
  }
  return out.join(' ');
}

export interface MakersProposal {
  organisation: string;
  email: string;
  contact: string;
  accountLanguage: string;
  municipality: string;
  title: string;
  problem: string;
  /** Requested from UNDP, in US cents. */
  requestedMinor: bigint;
  /** Scores (0–20, step 1) on relevance, feasibility and co-funding. */
  scores: [number, number, number];
}

const PROPOSALS: [string, string, string, string, string, string][] = [
  // organisation, contact, account language, municipality, title, problem
  ['Udruženje „Mladi Istočnog Novog Sarajeva“', 'Džemal Hodžić', 'bs', 'Istočno Novo Sarajevo', 'Park za sve generacije', 'U naselju nema sigurnog prostora za igru i druženje.'],
  ['Удружење грађана „Требиње зелено“', 'Јелена Вучковић', 'sr', 'Trebinje', 'Еко стаза уз Требишњицу', 'Обала ријеке је запуштена и неприступачна старијима.'],
  ['Centar za mlade „Kvart“ Centar Sarajevo', 'Amra Softić', 'bs', 'Centar Sarajevo', 'Kvartovski savjet mladih', 'Mladi nemaju gdje predložiti projekte općini.'],
  ['Udruženje penzionera Novo Sarajevo', 'Mirsad Kovačević', 'bs', 'Novo Sarajevo', 'Digitalni kutak za penzionere', 'Stariji ne mogu sami zakazati pregled ni platiti račune.'],
  ['Удружење „Пале у срцу“', 'Милица Тодоровић', 'sr', 'Pale', 'Обнова дјечијег игралишта', 'Игралиште у центру је затворено због оштећења.'],
  ['Udruženje „Doboj bez barijera“', 'Nenad Marić', 'sr', 'Doboj', 'Pristupačne autobuske stanice', 'Osobe u invalidskim kolicima ne mogu do gradskog autobusa.'],
  ['Omladinski klub Doboj Istok', 'Lejla Hasanović', 'bs', 'Doboj Istok', 'Ljetna škola volontiranja', 'Mladi odlaze jer nemaju iskustva ni preporuka za posao.'],
  ['Udruženje „Brčko zajedno“', 'Ivana Jurić', 'hr', 'Brčko', 'Zajednički vrt triju škola', 'Učenici triju škola se ne susreću izvan nastave.'],
  ['Удружење жена „Семберка“', 'Драгана Петровић', 'sr', 'Bijeljina', 'Пијаца домаћих производа', 'Жене са села немају гдје продати своје производе.'],
  ['Udruga „Most mladih“ Mostar', 'Marko Bošnjak', 'hr', 'Mostar', 'Kulturni ljetni program na Kantarevcu', 'Mladi s obje obale nemaju zajedničkih događaja.'],
  ['Udruženje „Bugojno čita“', 'Selma Mujić', 'bs', 'Bugojno', 'Čitaonica u mjesnoj zajednici', 'Najbliža biblioteka je daleko od prigradskih naselja.'],
  ['Удружење „Трново за будућност“', 'Горан Ђурић', 'sr', 'Trnovo (RS)', 'Планинска стаза и путокази', 'Туристи се губе, а мјештани немају приход од туризма.'],
  ['Udruženje „Travnik – grad vezira“', 'Edin Begić', 'bs', 'Travnik', 'Vodič kroz staru čaršiju', 'Stari grad nema oznaka ni vodiča na više jezika.'],
  ['Udruga „Novi Travnik solidarno“', 'Ana Perić', 'hr', 'Novi Travnik', 'Banka hrane', 'Porodice u potrebi nemaju stalnu pomoć u hrani.'],
  ['Neformalna grupa roditelja Lukavica', 'Nermina Delić', 'bs', 'Istočno Novo Sarajevo', 'Siguran put do škole', 'Djeca prelaze magistralni put bez semafora.'],
  ['Удружење „Требињска омладина“', 'Стефан Милић', 'sr', 'Trebinje', 'Омладински центар у Горици', 'Омладина нема простор за састанке.'],
  ['Udruženje „Mostarski zeleni krovovi“', 'Azra Čolić', 'bs', 'Mostar', 'Zeleni krov na domu zdravlja', 'Ljeti je u čekaonicama preko 35 °C.'],
  ['Udruženje „Bijeljina inkluzivna“', 'Slobodan Ilić', 'sr', 'Bijeljina', 'Inkluzivne radionice za djecu', 'Djeca s poteškoćama nemaju popodnevnih aktivnosti.'],
  ['Centar civilnih inicijativa Pale', 'Vesna Kojić', 'en', 'Pale', 'Open council sessions online', 'Residents cannot follow council sessions.'],
  ['Udruženje „Brčko sport“', 'Haris Omerović', 'bs', 'Brčko', 'Rekreativna liga za sve', 'Rekreativci nemaju organizovane termine u dvorani.'],
];

/** Fixture: the amounts requested, USD 14 000 – 20 000 (the call allows 5 000 – 20 000). */
const REQUESTED_USD = [18000, 20000, 16500, 19000, 15000, 17500, 20000, 14000, 18500, 16000, 19500, 15500, 17000, 20000, 14500, 18000, 16500, 19000, 15000, 17500];

/** 2. MAKERS: twenty proposals from the fourteen partner municipalities. */
export const MAKERS_PROPOSALS: MakersProposal[] = PROPOSALS.map(([organisation, contact, accountLanguage, municipality, title, problem], i) => {
  // Distinct totals by design: (v, v, v) and (v, v, v − 1) for v from 19 down to 10.
  const v = 19 - Math.floor(i / 2);
  return {
    organisation,
    contact,
    email: `kontakt${i + 1}`,
    accountLanguage,
    municipality,
    title,
    problem,
    requestedMinor: BigInt(REQUESTED_USD[i]) * 100n,
    scores: [v, v, i % 2 ? v - 1 : v],
  };
});

/** The municipality's share: 25 % of the project's budget (the call asks for at least 20 %). */
export function coFundingOf(requestedMinor: bigint): { municipalityMinor: bigint; otherMinor: bigint } {
  // requested : municipality : other = 70 : 25 : 5, in whole dollars.
  const municipalityMinor = ((requestedMinor * 25n) / 70n / 100n) * 100n;
  const otherMinor = ((requestedMinor * 5n) / 70n / 100n) * 100n;
  return { municipalityMinor, otherMinor };
}

export interface NgoProposal {
  organisation: string;
  contact: string;
  accountLanguage: string;
  title: string;
  summary: string;
  requestedMinor: bigint;
  partners: string[];
  /** Scores (0–10, step 0.25) on relevance, quality, capacity. */
  scores: [number, number, number];
}

/** 3. EEA Grants, NGO Programme Bulgaria: the Ruse proposal of the seed and two more. */
export const NGO_PROPOSALS: NgoProposal[] = [
  {
    organisation: 'Клуб „Отворено общество“ – Русе',
    contact: 'Красимира Иванова',
    accountLanguage: 'bg',
    title: 'Гражданско участие в интеграционната политика',
    summary: 'Проучване, анализ на документи, 8 информационни срещи и дискусионни форуми в 8-те общини на област Русе, кръгла маса.',
    requestedMinor: 1774080n, // 17 740,80 EUR: the seed's grant
    partners: ['Областна администрация – Русе'],
    scores: [9.5, 9.25, 9],
  },
  {
    organisation: 'Клуб „Отворено общество“ Стара Загора',
    contact: 'Петя Димитрова',
    accountLanguage: 'bg',
    title: 'Синергия на мрежата',
    summary: 'Мрежа от 16 неправителствени организации и неформални групи за гражданско участие.',
    requestedMinor: 1650000n,
    partners: ['Сдружение „Зелена Загора“', 'Неформална група „Млади за Стара Загора“', 'Сдружение „Читалище Светлина 1860“'],
    scores: [8.75, 8.5, 8.5],
  },
  {
    organisation: 'Foundation „Roma Integration Ruse“',
    contact: 'Georgi Asenov',
    accountLanguage: 'en',
    title: 'Roma youth in municipal councils',
    summary: 'Mentoring 40 young Roma to take part in the public consultations of 4 municipalities.',
    requestedMinor: 1200000n,
    partners: [],
    scores: [8, 7.5, 7.25],
  },
];

/** The evaluators of the three calls, with the languages they read. */
export const EVALUATORS = {
  essay: [
    { displayName: 'Весна Ристовска', organisation: 'Асоцијација ИнСоК', languages: ['mk', 'sq', 'tr', 'sr', 'bs', 'rup'] },
    { displayName: 'Arben Selimi', organisation: 'Универзитет на Југоисточна Европа', languages: ['mk', 'sq', 'tr', 'sr', 'bs', 'rup'] },
    { displayName: 'Emina Hadžić', organisation: 'Центар за интеграција и поддршка Скопје', languages: ['mk', 'sq', 'tr', 'sr', 'bs', 'rup'] },
    { displayName: 'Елена Стојановска', organisation: 'Универзитет „Св. Кирил и Методиј“', languages: ['mk', 'sq', 'tr', 'sr', 'bs', 'rup'] },
    { displayName: 'Nikola Papa', organisation: 'Здружение Интегра Нау', languages: ['mk', 'sq', 'tr', 'sr', 'bs', 'rup'] },
  ],
  makers: [
    { displayName: 'Adnan Mehmedović', organisation: 'Univerzitet u Tuzli', languages: ['bs', 'sr', 'hr', 'en'] },
    { displayName: 'Јована Лазић', organisation: 'Универзитет у Бањој Луци', languages: ['bs', 'sr', 'hr', 'en'] },
    { displayName: 'Tea Marković', organisation: 'Sveučilište u Zagrebu', languages: ['bs', 'sr', 'hr', 'en'] },
    { displayName: 'Sarah Miller', organisation: 'Independent evaluator', languages: ['bs', 'sr', 'hr', 'en'] },
  ],
  eea: [
    { displayName: 'Мария Колева', organisation: 'Софийски университет', languages: ['bg', 'en'] },
    { displayName: 'Ingrid Solberg', organisation: 'Norwegian Helsinki Committee', languages: ['bg', 'en'] },
    { displayName: 'Димитър Стоянов', organisation: 'Институт за публична политика', languages: ['bg', 'en'] },
  ],
};
