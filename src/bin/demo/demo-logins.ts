/** The demo's logins: every demo organisation has one member, `<key>@demo.marktplatz.example`, with this password. */
export const DEMO_PASSWORD = 'demo-passwort-2026';
export const demoEmail = (key: string) => `${key}@demo.marktplatz.example`;

/** The organiser of the city of Stuttgart (reports, district views, verifications): no organisation of its own. */
export const DEMO_ORGANISER = {
  key: 'organisation-stuttgart',
  displayName: 'Koordinierungsstelle Marktplatz Stuttgart',
  districtSlug: 'stuttgart',
} as const;
