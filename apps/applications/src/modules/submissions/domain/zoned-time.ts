/**
 * Instants as a call's time zone shows them. Building an Intl.DateTimeFormat costs about a
 * millisecond (it loads the zone's rules): one per zone is kept and reused.
 */
const long = new Map<string, Intl.DateTimeFormat>();
const day = new Map<string, Intl.DateTimeFormat>();

const cached = (m: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat) => {
  let f = m.get(timeZone);
  if (!f) m.set(timeZone, (f = make()));
  return f;
};

/** "31 October 2023 at 23:59:00 CET (Europe/Skopje)". */
export function formatInZone(instant: Date, timeZone: string): string {
  const f = cached(long, timeZone, () => new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'long', timeStyle: 'long' }));
  return `${f.format(instant)} (${timeZone})`;
}

/** The calendar date of an instant in a time zone, YYYY-MM-DD. */
export function localDate(instant: Date, timeZone: string): string {
  return cached(day, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).format(instant);
}
