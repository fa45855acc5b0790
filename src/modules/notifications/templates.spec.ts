import { NOTIFICATION_KINDS, type NotificationKind, type NotificationParams } from './notification-kinds';
import { LANGUAGE_SEPARATOR, renderNotification } from './templates';

const FULL: NotificationParams = {
  counterpart: 'Weber Logistik GmbH',
  title: 'Umzugshilfe',
  reason: 'Leider fehlt uns im März die Zeit.',
  expiresAt: '2027-03-12T13:00:00.000Z',
  dueAt: '2027-04-01T08:30:00.000Z',
  organisation: 'Nachbarschaftshilfe Hallschlag e.V.',
  event: 'Marktplatz Hallschlag',
  url: '/v1/cooperations/6f1c2b9e-0000-4000-8000-000000000001',
};

describe('renderNotification', () => {
  describe.each(NOTIFICATION_KINDS.map((kind) => [kind]))('%s', (kind: NotificationKind) => {
    it('has a German and an English text, German first, in subject and body', () => {
      const r = renderNotification(kind, FULL);
      for (const t of [r.de, r.en]) {
        expect(t.subject.trim()).not.toBe('');
        expect(t.body.trim()).not.toBe('');
        expect(t.subject).not.toMatch(/undefined|null|NaN|\$\{/);
        expect(t.body).not.toMatch(/undefined|null|NaN|\$\{/);
        expect(t.subject).not.toContain('\n');
      }
      expect(r.subject).toBe(`${r.de.subject} / ${r.en.subject}`);
      expect(r.body).toBe(`${r.de.body}${LANGUAGE_SEPARATOR}${r.en.body}`);
      expect(r.de.subject).not.toBe(r.en.subject);
      expect(r.de.body).toContain('Diese Nachricht hat der Marktplatz');
      expect(r.en.body).toContain('This message was sent automatically');
    });

    it('renders without any params, with neutral wording and no holes', () => {
      const r = renderNotification(kind, {});
      for (const text of [r.subject, r.body]) {
        expect(text).not.toMatch(/undefined|null|NaN|Invalid Date|„“|""|\$\{/);
        expect(text).not.toMatch(/ {2}| \.| ,/);
      }
    });

    it('treats null, empty and whitespace params as missing', () => {
      const blank = renderNotification(kind, { counterpart: null, title: '   ', reason: '', expiresAt: null, dueAt: '', url: ' ', organisation: null, event: '  ' });
      expect(blank).toEqual(renderNotification(kind, {}));
    });

    it('includes the link in both languages when given', () => {
      const r = renderNotification(kind, FULL);
      expect(r.de.body).toContain(`Zum Vorgang: ${FULL.url}`);
      expect(r.en.body).toContain(`Open: ${FULL.url}`);
    });
  });

  describe.each<[NotificationKind, NotificationParams, string[], string[]]>([
    [
      'proposal_received',
      { counterpart: 'Weber Logistik GmbH', title: 'Umzugshilfe', expiresAt: '2027-03-12T13:00:00.000Z' },
      ['Neuer Kooperationsvorschlag „Umzugshilfe“', 'Weber Logistik GmbH schlägt Ihnen eine Kooperation „Umzugshilfe“ vor.', 'bis 12. März 2027 um 14:00 Uhr'],
      ['New cooperation proposal "Umzugshilfe"', 'Weber Logistik GmbH proposes a cooperation "Umzugshilfe" to you.', 'by 12 March 2027 at 14:00 (Berlin time)'],
    ],
    ['proposal_received', {}, ['Neuer Kooperationsvorschlag', 'Eine Organisation schlägt Ihnen eine Kooperation vor.'], ['An organisation proposes a cooperation to you.']],
    [
      'proposal_accepted',
      { counterpart: 'Jugendtreff Hallschlag e.V.', title: 'Umzugshilfe' },
      ['Vorschlag angenommen „Umzugshilfe“', 'Jugendtreff Hallschlag e.V. hat Ihren Kooperationsvorschlag „Umzugshilfe“ angenommen.'],
      ['Proposal accepted "Umzugshilfe"', 'has accepted your cooperation proposal'],
    ],
    [
      'proposal_declined',
      { counterpart: 'Weber Logistik GmbH', reason: 'Leider fehlt uns im März die Zeit.\nVielleicht im Herbst?' },
      ['abgelehnt.', 'Begründung:\nLeider fehlt uns im März die Zeit.\nVielleicht im Herbst?'],
      ['Reason:\nLeider fehlt uns im März die Zeit.'],
    ],
    ['proposal_declined', { counterpart: 'Weber Logistik GmbH' }, ['Weber Logistik GmbH hat Ihren Kooperationsvorschlag abgelehnt.'], ['Weber Logistik GmbH has declined your cooperation proposal.']],
    ['proposal_expiring', { title: 'Umzugshilfe', expiresAt: '2027-07-01T10:00:00Z' }, ['verfällt am 1. Juli 2027 um 12:00 Uhr'], ['expires on 1 July 2027 at 12:00 (Berlin time)']],
    ['proposal_expiring', { expiresAt: 'next tuesday' }, ['und verfällt bald.'], ['and expires soon.']],
    ['proposal_expired', { title: 'Umzugshilfe' }, ['Vorschlag verfallen „Umzugshilfe“', 'neuen Vorschlag'], ['Proposal expired "Umzugshilfe"']],
    ['cooperation_cancelled', { counterpart: 'Weber Logistik GmbH', reason: 'Firma zieht um' }, ['hat die Kooperation abgesagt.', 'Begründung:\nFirma zieht um'], ['has cancelled the cooperation.', 'Reason:\nFirma zieht um']],
    ['message_received', { counterpart: 'Weber Logistik GmbH', title: 'Umzugshilfe' }, ['Neue Nachricht „Umzugshilfe“'], ['New message "Umzugshilfe"']],
    ['agreement_to_sign', { counterpart: 'Weber Logistik GmbH' }, ['Die Engagement-Vereinbarung mit Weber Logistik GmbH wartet auf Ihre Unterschrift.'], ['with Weber Logistik GmbH awaits your signature']],
    ['marketplace_invited', { title: 'Marktplatz Hallschlag', dueAt: '2027-03-12T16:00:00.000Z' }, ['Einladung zum Marktplatz „Marktplatz Hallschlag“', '(12. März 2027 um 17:00 Uhr).'], ['Invitation to the marketplace "Marktplatz Hallschlag"', 'Register while places are free.']],
    ['marketplace_invited', {}, ['Sie sind zum Marktplatz für Gute Geschäfte eingeladen.'], ['You are invited to the Marktplatz für Gute Geschäfte.']],
    ['registration_confirmed', { title: 'Marktplatz Hallschlag', dueAt: '2027-03-12T16:00:00.000Z' }, ['Ihre Anmeldung zum Marktplatz „Marktplatz Hallschlag“ ist bestätigt. Wir sehen uns am 12. März 2027 um 17:00 Uhr.'], ['is confirmed. See you on 12 March 2027 at 17:00 (Berlin time).']],
    ['waitlist_moved_up', { title: 'Marktplatz Hallschlag' }, ['Platz frei geworden „Marktplatz Hallschlag“', 'von der Warteliste nachgerückt und jetzt angemeldet.'], ['you moved up from the waitlist and are now registered.']],
    ['marketplace_cancelled', { title: 'Marktplatz Hallschlag', reason: 'Der Saal ist nicht verfügbar.' }, ['Der Marktplatz „Marktplatz Hallschlag“ wurde von den Organisator:innen abgesagt.', 'Begründung:\nDer Saal ist nicht verfügbar.'], ['has been cancelled by its organisers.', 'Reason:\nDer Saal']],
    ['meeting_schedule_published', { title: 'Marktplatz Hallschlag', dueAt: '2027-03-12T16:00:00.000Z' }, ['Ihr Gesprächsplan steht „Marktplatz Hallschlag“', 'sind geplant (12. März 2027 um 17:00 Uhr).', '(.ics)'], ['Your meeting plan is ready "Marktplatz Hallschlag"', 'are scheduled (12 March 2027 at 17:00 (Berlin time)).']],
    ['meeting_schedule_changed', { title: 'Marktplatz Hallschlag' }, ['Gesprächsplan geändert „Marktplatz Hallschlag“', 'nach Nachmeldungen aktualisiert'], ['Meeting plan changed "Marktplatz Hallschlag"', 'after late registrations']],
    ['agreement_to_sign', {}, ['Die Engagement-Vereinbarung wartet auf Ihre Unterschrift.'], ['The Engagement-Vereinbarung (agreement) awaits your signature.']],
    [
      'meeting_requested',
      { counterpart: 'Bäckerei Weber GmbH', title: 'Marktplatz Hallschlag', dueAt: '2027-03-12T16:00:00.000Z' },
      ['Gesprächswunsch zum Marktplatz „Marktplatz Hallschlag“', 'Bäckerei Weber GmbH möchte Sie beim Marktplatz „Marktplatz Hallschlag“ am 12. März 2027 um 17:00 Uhr zu einem Einzelgespräch treffen.'],
      ['Meeting request for the marketplace "Marktplatz Hallschlag"', 'Bäckerei Weber GmbH would like to meet you for a 1:1 conversation at the marketplace "Marktplatz Hallschlag" on 12 March 2027 at 17:00 (Berlin time).'],
    ],
    ['meeting_requested', {}, ['Eine Organisation möchte Sie beim Marktplatz zu einem Einzelgespräch treffen.'], ['An organisation would like to meet you for a 1:1 conversation at the marketplace. Accept']],
    [
      'meeting_agreed',
      { counterpart: 'Tafel Hallschlag e.V.', title: 'Marktplatz Hallschlag' },
      ['Gespräch vereinbart „Marktplatz Hallschlag“', 'Tafel Hallschlag e.V. möchte Sie beim Marktplatz „Marktplatz Hallschlag“ ebenfalls treffen.'],
      ['Meeting agreed "Marktplatz Hallschlag"', 'Tafel Hallschlag e.V. would also like to meet you'],
    ],
    ['cooperation_completed', { counterpart: 'Weber Logistik GmbH', title: 'Umzugshilfe' }, ['Die Kooperation „Umzugshilfe“ mit Weber Logistik GmbH ist abgeschlossen.'], ['is completed']],
    ['evaluation_due', { counterpart: 'Weber Logistik GmbH', dueAt: '2027-04-01T08:30:00.000Z' }, ['Bitte bewerten Sie die Kooperation', 'bis 1. April 2027 um 10:30 Uhr möglich'], ['Please evaluate the cooperation', 'until 1 April 2027 at 10:30 (Berlin time)']],
    ['organisation_verified', { organisation: 'Nachbarschaftshilfe Hallschlag e.V.' }, ['„Nachbarschaftshilfe Hallschlag e.V.“ wurde von den Organisator:innen'], ['"Nachbarschaftshilfe Hallschlag e.V." has been verified']],
    ['organisation_verified', {}, ['Ihre Organisation wurde von den Organisator:innen'], ['Your organisation has been verified']],
    [
      'follow_up_due',
      { counterpart: 'Weber Logistik GmbH', title: 'Umzugshilfe', event: 'Marktplatz Hallschlag' },
      ['Wurde die Vereinbarung umgesetzt? „Umzugshilfe“', 'Auf dem Marktplatz „Marktplatz Hallschlag“ haben Sie mit Weber Logistik GmbH eine Engagement-Vereinbarung „Umzugshilfe“ geschlossen.', 'umgesetzt, in Arbeit oder nicht umgesetzt'],
      ['Was the agreement carried out? "Umzugshilfe"', 'At the marketplace "Marktplatz Hallschlag" you made an Engagement-Vereinbarung (agreement) "Umzugshilfe" with Weber Logistik GmbH.', 'carried out, in progress or not carried out'],
    ],
    ['follow_up_due', {}, ['Auf dem Marktplatz haben Sie eine Engagement-Vereinbarung geschlossen. Wurde sie umgesetzt?'], ['At the marketplace you made an Engagement-Vereinbarung (agreement). Has it been carried out?']],
    [
      'webhook_disabled',
      { title: 'https://crm.freiwilligenagentur.example/hooks/marktplatz', reason: '5 Zustellungen in Folge fehlgeschlagen; zuletzt: HTTP 503', url: '/v1/webhooks/5b1c' },
      ['Webhook deaktiviert „https://crm.freiwilligenagentur.example/hooks/marktplatz“', 'wiederholt fehlgeschlagen; wir haben ihn deaktiviert', 'Änderungs-Feed (GET /v1/events)', 'Letzter Fehler:\n5 Zustellungen in Folge fehlgeschlagen; zuletzt: HTTP 503', 'Zum Vorgang: /v1/webhooks/5b1c'],
      ['Webhook disabled "https://crm.freiwilligenagentur.example/hooks/marktplatz"', 'failed repeatedly; we have disabled it', 'change feed (GET /v1/events)', 'Last error:\n5 Zustellungen'],
    ],
    ['webhook_disabled', {}, ['Die Zustellungen an Ihren Webhook sind wiederholt fehlgeschlagen'], ['Deliveries to your webhook failed repeatedly']],
  ])('%s with %j', (kind, params, german, english) => {
    it('says what it should, in German and in English', () => {
      const r = renderNotification(kind, params);
      const de = `${r.de.subject}\n${r.de.body}`;
      const en = `${r.en.subject}\n${r.en.body}`;
      for (const phrase of german) expect(de).toContain(phrase);
      for (const phrase of english) expect(en).toContain(phrase);
    });
  });

  it('puts a title with line breaks or control characters on one line of the subject', () => {
    const r = renderNotification('proposal_received', { title: 'Umzugs\r\nhilfe\u0007 jetzt', counterpart: 'A\nB' });
    expect(r.subject).toBe('Neuer Kooperationsvorschlag „Umzugs hilfe jetzt“ / New cooperation proposal "Umzugs hilfe jetzt"');
    expect(r.de.body.startsWith('A B schlägt')).toBe(true);
  });

  it('caps very long values', () => {
    const r = renderNotification('proposal_received', { title: 'x'.repeat(5000) });
    expect(r.de.subject.length).toBeLessThan(400);
    expect(r.de.subject).toContain('…');
  });

  it('accepts numbers as params and epoch milliseconds as dates', () => {
    const r = renderNotification('proposal_expiring', { title: 42, expiresAt: Date.UTC(2027, 0, 15, 11, 0) });
    expect(r.de.subject).toBe('Vorschlag läuft bald ab „42“');
    expect(r.de.body).toContain('15. Januar 2027 um 12:00 Uhr');
  });

  it('refuses an unknown kind', () => {
    expect(() => renderNotification('proposal_exploded' as NotificationKind, {})).toThrow(/no template/);
  });
});
