import { ageOn, patchOf } from './essayValues';

describe('the essay form', () => {
  it('counts age in whole years, birthdays included', () => {
    expect(ageOn('2010-03-27', '2026-03-26')).toBe(15);
    expect(ageOn('2010-03-27', '2026-03-27')).toBe(16);
    expect(ageOn('2010-3-27', '2026-03-27')).toBeNull();
  });

  it('clears an emptied field instead of sending an empty string the service refuses', () => {
    const p = patchOf({ fullName: ' ', email: 'a@b.mk', school: '', dateOfBirth: '2010-03-27', language: 'mk', title: 'Наслов', text: '' });
    expect(p).toEqual({ language: 'mk', title: 'Наслов', text: null, applicant: { fullName: null, email: 'a@b.mk', school: null, dateOfBirth: '2010-03-27' } });
  });
});
