const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** An instant as local wall-clock time with its offset in a zone: 2023-10-31T23:59:00+01:00. */
export function localIso(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  // "GMT+01:00", or plain "GMT" for a zero offset.
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

export interface TimeLeft {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export interface DeadlineView {
  /** The instant, UTC. */
  closesAt: string;
  timeZone: string;
  /** The deadline as people in the call's time zone read it, with the offset in force then. */
  closesAtLocal: string;
  /** Whole seconds until the deadline; 0 once it has passed. */
  secondsLeft: number;
  timeLeft: TimeLeft;
  passed: boolean;
}

/** The time left to a call's deadline, pure: the clock comes in as `now`. */
export function describeDeadline(closesAt: Date, timeZone: string, now: Date): DeadlineView {
  const secondsLeft = Math.max(0, Math.floor((closesAt.getTime() - now.getTime()) / 1000));
  return {
    closesAt: closesAt.toISOString(),
    timeZone,
    closesAtLocal: localIso(closesAt, timeZone),
    secondsLeft,
    timeLeft: {
      days: Math.floor(secondsLeft / 86_400),
      hours: Math.floor((secondsLeft % 86_400) / 3600),
      minutes: Math.floor((secondsLeft % 3600) / 60),
      seconds: secondsLeft % 60,
    },
    passed: closesAt.getTime() <= now.getTime(),
  };
}
