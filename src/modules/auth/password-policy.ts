import { registerDecorator } from 'class-validator';

/**
 * The password rule (pure, no I/O). A password is accepted when it
 * - has 10 to 200 characters (after Unicode NFKC normalisation, as it is hashed),
 * - is not one character repeated ("aaaaaaaaaa"),
 * - is not the account's e-mail address, its part before the @, or that part with digits around it
 *   (compared case-insensitively), and
 * - is not one of the most common passwords of that length (COMMON_PASSWORDS: from the published
 *   top lists of leaked passwords, compared case-insensitively and with spaces removed).
 * Length beats complexity rules (NIST SP 800-63B): no demand for digits or symbols; a passphrase
 * of four words passes.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/**
 * A small embedded list (no download, no third party asked): passwords of at least 10 characters
 * (shorter ones fail the length rule anyway) of the kind that lead the published lists of leaked
 * passwords, keyboard walks and digit runs, the English and German favourites, and this service's
 * own name. Lower case, without spaces (a unit test checks).
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '1234567890', '0123456789', '0987654321', '9876543210', '1111111111', '1234512345', '1122334455', '1212121212',
  '12345678910', '123456789a', 'a123456789', '123456789q', 'q123456789', '1234567890q', '123456789abc',
  'qwertyuiop', 'qwertyuiop1', 'qwertyuiop123', 'qwerty1234', 'qwerty12345', 'qwerty123456', '1qaz2wsx3edc',
  '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5', 'q1w2e3r4t5y6', 'zaq1zaq1zaq1', 'asdfghjkl1', 'asdfghjkl;',
  'asdfghjkl123', 'zxcvbnm123', 'zxcvbnmasdfghjkl', '1234qwerasdfzxcv', 'qwertzuiop', 'qwertz1234', 'qwertz123456',
  'password12', 'password123', 'password1234', 'password12345', 'password!!', 'password1!', 'passw0rd123', 'p@ssw0rd12',
  'p@ssword123', 'mypassword', 'mypassword1', 'newpassword', 'secretpassword', 'passwordpassword', 'password01',
  'iloveyou12', 'iloveyou123', 'iloveyou1234', 'iloveyou!!', 'ihateyou123', 'letmein123', 'letmein1234', 'welcome123',
  'welcome1234', 'welcome2020', 'welcome2021', 'welcome2022', 'welcome2023', 'welcome2024', 'welcome2025', 'welcome2026',
  'sunshine12', 'sunshine123', 'princess12', 'princess123', 'football12', 'football123', 'baseball12', 'baseball123',
  'basketball', 'basketball1', 'superman123', 'starwars12', 'starwars123', 'pokemon123', 'computer12', 'computer123',
  'administrator', 'admin12345', 'admin123456', 'adminadmin', 'administrator1', 'changeme123', 'trustno1234',
  'michael123', 'jennifer12', 'jordan2323', 'charlie123', 'liverpool1', 'chocolate1', 'butterfly1', 'whatever12',
  'monkey1234', 'dragon1234', 'master1234', 'shadow1234', 'abc1234567', 'abcd123456', 'abcdefghij', 'abcdefg123',
  'aa12345678', 'aaaa111111', 'aaaaaa1111', 'qazwsxedcrfv', 'qazwsxedc123', 'password2024', 'password2025', 'password2026',
  'summer2024', 'summer2025', 'winter2024', 'winter2025', 'spring2025', 'autumn2025', 'sommer2024', 'sommer2025',
  'passwort12', 'passwort123', 'passwort1234', 'passwort!!', 'meinpasswort', 'geheim1234', 'geheim12345', 'hallo12345',
  'hallo123456', 'hallohallo', 'ichliebedich', 'schatz1234', 'fussball12', 'fussball123', 'fußball123', 'schalke0404',
  'borussia09', 'bayern1900', 'eintracht1', 'deutschland', 'deutschland1', 'sonnenschein', 'schmetterling',
  'lieblingsmensch', 'zuckerschnecke', 'prinzessin', 'prinzessin1', 'mausi12345', 'willkommen', 'willkommen1',
  'willkommen123', 'marktplatz', 'marktplatz1', 'marktplatz123', 'marktplatz2026', 'gutegeschaefte',
]);

export type PasswordProblem = 'isLength' | 'repeatedCharacter' | 'containsEmail' | 'commonPassword';

const MESSAGES: Record<PasswordProblem, string> = {
  isLength: `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
  repeatedCharacter: 'password must not be a single character repeated',
  containsEmail: 'password must not be your e-mail address or its part before the @',
  commonPassword: 'password is one of the most common passwords; choose another (a few unrelated words work well)',
};

export const passwordProblemMessage = (problem: PasswordProblem) => MESSAGES[problem];

const squash = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/** What is wrong with a password for this account, or null when it passes the rule. */
export function passwordProblem(password: string, context: { email?: string | null } = {}): PasswordProblem | null {
  const normalised = password.normalize('NFKC');
  const length = [...normalised].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) return 'isLength';
  if (new Set(normalised).size === 1) return 'repeatedCharacter';
  const plain = squash(normalised);
  const email = typeof context.email === 'string' ? squash(context.email) : '';
  // the part before the @, and the password, without digits and punctuation around them ("anna.schneider2026!")
  const core = (v: string) => v.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  const local = core(email.split('@')[0]);
  if (email && (plain.includes(email) || (local.length >= 3 && core(plain) === local))) {
    return 'containsEmail';
  }
  if (COMMON_PASSWORDS.has(plain)) return 'commonPassword';
  return null;
}

/**
 * class-validator rule for one problem (the reason in the field error is the problem's name);
 * `emailProperty` names the property holding the account's e-mail in the same object.
 */
export function PasswordRule(problem: Exclude<PasswordProblem, 'isLength'>, emailProperty?: string) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: problem,
      target: object.constructor,
      propertyName,
      validator: {
        validate: (value: unknown, args) =>
          typeof value !== 'string' || passwordProblem(value, { email: emailProperty ? (args?.object as Record<string, unknown>)[emailProperty] as string : null }) !== problem,
        defaultMessage: () => MESSAGES[problem],
      },
    });
}
