import { COMMON_PASSWORDS, PASSWORD_MIN_LENGTH, passwordProblem, type PasswordProblem } from './password-policy';

describe('passwordProblem: the password rule', () => {
  const email = 'anna.schneider@tafel-hallschlag.example';

  describe.each<[string, string, PasswordProblem | null]>([
    // passes
    ['a passphrase of four words', 'correct horse battery staple', null],
    ['German words with spaces', 'Kaffee Fahrrad Neckar Linde', null],
    ['exactly 10 characters', 'Zwetschge7', null],
    ['umlauts and ß count as one character each', 'Straßenbäume', null],
    ['the e-mail\'s part inside other words', 'anna.schneiders Gartenlaube', null],
    // length
    ['9 characters', 'Zwetschg7', 'isLength'],
    ['empty', '', 'isLength'],
    ['201 characters', 'x'.repeat(200) + 'y', 'isLength'],
    ['four ligatures are 8 letters (NFKC, as hashed)', 'ﬁﬁﬁﬁ', 'isLength'],
    // repeated
    ['one character repeated', 'aaaaaaaaaaaa', 'repeatedCharacter'],
    ['one digit repeated', '0000000000', 'repeatedCharacter'],
    // the e-mail
    ['the e-mail address', email, 'containsEmail'],
    ['the e-mail address in capitals', email.toUpperCase(), 'containsEmail'],
    ['the e-mail address with a suffix', `${email}!!`, 'containsEmail'],
    ['the part before the @', 'anna.schneider', 'containsEmail'],
    ['the part before the @ with digits', 'anna.schneider2026', 'containsEmail'],
    ['digits, then the part before the @', '12anna.schneider', 'containsEmail'],
    ['the part before the @ with spaces', 'Anna . Schneider', 'containsEmail'],
    ['the part before the @ with punctuation around it', '!!anna.schneider?', 'containsEmail'],
    // common
    ['a digit run', '1234567890', 'commonPassword'],
    ['a keyboard walk', 'qwertzuiop', 'commonPassword'],
    ['an English favourite in capitals', 'Password123', 'commonPassword'],
    ['a German favourite', 'Passwort123', 'commonPassword'],
    ['a German favourite with spaces', 'ich liebe dich', 'commonPassword'],
    ['the service\'s own name', 'Marktplatz2026', 'commonPassword'],
  ])('%s', (_name, password, expected) => {
    it(`→ ${expected ?? 'accepted'}`, () => {
      expect(passwordProblem(password, { email })).toBe(expected);
    });
  });

  it('without an e-mail, only length, repetition and the list count', () => {
    expect(passwordProblem('anna.schneider')).toBeNull();
    expect(passwordProblem('password123')).toBe('commonPassword');
  });

  it('an address whose part before the @ ends in digits', () => {
    expect(passwordProblem('paula.wagner.3f9a04', { email: 'paula.wagner.3f9a04@verein.example' })).toBe('containsEmail');
    expect(passwordProblem('paula.wagner.3f9a', { email: 'paula.wagner.3f9a04@verein.example' })).toBe('containsEmail');
    expect(passwordProblem('paula.wagner.3f9a04 im Garten', { email: 'paula.wagner.3f9a04@verein.example' })).toBeNull();
  });

  it('a short part before the @ is not matched (too many passwords would contain it)', () => {
    expect(passwordProblem('al12345678x', { email: 'al@x.example' })).toBeNull();
  });

  it('lists only entries that can pass the length rule, in the form they are compared', () => {
    for (const entry of COMMON_PASSWORDS) {
      expect([...entry].length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
      expect(entry).toBe(entry.normalize('NFKC').toLowerCase().replace(/\s+/g, ''));
    }
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(150);
  });
});
