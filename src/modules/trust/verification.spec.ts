import { ORGANISATION_KINDS } from '../../common/domain/vocabulary';
import { basisFitsKind, isVerifiedSql, VERIFICATION_BASES, VERIFICATION_BASES_BY_KIND, VERIFICATION_BASIS_LABELS_DE, verificationBadge, type VerificationBasis } from './verification';

describe('verification bases', () => {
  describe.each<[string, 'nonprofit' | 'company', VerificationBasis, boolean]>([
    ['Gemeinnützigkeit of a Verein', 'nonprofit', 'charitable_status', true],
    ['Handelsregister of a Verein', 'nonprofit', 'commercial_register', false],
    ['Gewerberegister of a Verein', 'nonprofit', 'trade_register', false],
    ['Handelsregister of a GmbH', 'company', 'commercial_register', true],
    ['Gewerbeanmeldung of an Einzelunternehmen', 'company', 'trade_register', true],
    ['Gemeinnützigkeit of a GmbH', 'company', 'charitable_status', false],
  ])('%s', (_name, kind, basis, fits) => {
    it(`${fits ? 'fits' : 'does not fit'} a ${kind}`, () => expect(basisFitsKind(kind, basis)).toBe(fits));
  });

  it('every basis belongs to exactly one kind and has a German label', () => {
    for (const basis of VERIFICATION_BASES) {
      expect(ORGANISATION_KINDS.filter((k) => VERIFICATION_BASES_BY_KIND[k].includes(basis))).toHaveLength(1);
      expect(VERIFICATION_BASIS_LABELS_DE[basis].length).toBeGreaterThan(10);
    }
  });
});

describe('verificationBadge', () => {
  it('is unverified without a date, whatever else is stored', () => {
    expect(verificationBadge({ verifiedAt: null, verificationBasis: 'charitable_status' })).toEqual({ verified: false, verifiedAt: null, basis: null });
  });

  it('carries date and basis when verified', () => {
    const at = new Date('2026-11-20T10:00:00.000Z');
    expect(verificationBadge({ verifiedAt: at, verificationBasis: 'trade_register' })).toEqual({ verified: true, verifiedAt: at, basis: 'trade_register' });
  });
});

describe('isVerifiedSql', () => {
  it('reads the alias given', () => expect(isVerifiedSql('fo')).toBe('fo.verified_at IS NOT NULL'));
});
