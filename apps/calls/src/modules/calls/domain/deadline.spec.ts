import { describeDeadline, localIso } from './deadline';

describe('deadline in the call’s time zone', () => {
  it('shows 23:59 local time with the offset in force then (summer and winter)', () => {
    expect(localIso(new Date('2023-10-31T22:59:00Z'), 'Europe/Skopje')).toBe('2023-10-31T23:59:00+01:00');
    expect(localIso(new Date('2023-06-30T21:59:00Z'), 'Europe/Skopje')).toBe('2023-06-30T23:59:00+02:00');
    expect(localIso(new Date('2023-03-31T20:59:00Z'), 'Europe/Sofia')).toBe('2023-03-31T23:59:00+03:00');
    expect(localIso(new Date('2023-01-01T00:00:00Z'), 'UTC')).toBe('2023-01-01T00:00:00+00:00');
  });

  it('counts the time left in days, hours, minutes and seconds, and says when it has passed', () => {
    const closes = new Date('2023-10-31T22:59:00Z');
    const d = describeDeadline(closes, 'Europe/Skopje', new Date('2023-10-29T20:57:30Z'));
    expect(d).toEqual({
      closesAt: '2023-10-31T22:59:00.000Z',
      timeZone: 'Europe/Skopje',
      closesAtLocal: '2023-10-31T23:59:00+01:00',
      secondsLeft: 2 * 86_400 + 2 * 3600 + 90,
      timeLeft: { days: 2, hours: 2, minutes: 1, seconds: 30 },
      passed: false,
    });
    const after = describeDeadline(closes, 'Europe/Skopje', new Date('2023-11-01T00:00:00Z'));
    expect(after).toMatchObject({ secondsLeft: 0, passed: true, timeLeft: { days: 0, hours: 0, minutes: 0, seconds: 0 } });
  });
});
