import { useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { formatInstant, timeLeft, visitorTimeZone } from '../format/format';
import { useLocale } from '../i18n/I18nProvider';

/** The deadline in the call's zone and, when it differs, in the visitor's. */
export function DeadlineText({ at, timeZone }: { at: string; timeZone: string }) {
  const { tag } = useLocale();
  const mine = visitorTimeZone();
  return (
    <>
      <span className="deadline__call" data-testid="deadline-call-zone">
        <FormattedMessage id="call.deadlineCallZone" values={{ time: formatInstant(at, tag, timeZone), zone: timeZone }} />
      </span>
      {mine !== timeZone && (
        <span className="deadline__visitor" data-testid="deadline-visitor-zone">
          <FormattedMessage id="call.deadlineVisitorZone" values={{ time: formatInstant(at, tag, mine), zone: mine }} />
        </span>
      )}
    </>
  );
}

/** A countdown that ticks each second; it announces nothing (no live region spam). */
export function Countdown({ until, onPassed }: { until: string; onPassed?: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(t);
  }, []);
  const left = timeLeft(until, now);
  useEffect(() => {
    if (!left) onPassed?.();
  }, [left === null]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!left) return null;
  return (
    <p className="countdown" data-testid="countdown">
      <FormattedMessage id="call.countdown" values={left} />
    </p>
  );
}
