import type { NotificationKind, NotificationParams } from './notification-kinds';

/**
 * The texts of each notification kind, German first, then English. Pure: no Nest, no database.
 * Rendered once when the notification is created, so what a user reads in the API and what the
 * mail said are the same text, whatever the templates say later.
 *
 * Robust to missing or odd params: every value has a neutral fallback ("eine Organisation"),
 * values are trimmed, single-lined and capped, and a date that does not parse is left out.
 */

export type Lang = 'de' | 'en';

export interface Text {
  subject: string;
  body: string;
}

export interface Rendered {
  de: Text;
  en: Text;
  /** German subject, then the English one: what the mail's Subject line and the API show. */
  subject: string;
  /** German body, a separator, the English body. */
  body: string;
}

const MAX_VALUE = 300;
const TIME_ZONE = 'Europe/Berlin';

/** A param as one clean line of text, or undefined when missing or empty. */
function text(params: NotificationParams, key: string): string | undefined {
  const raw = params[key];
  if (raw === null || raw === undefined) return undefined;
  const value = String(raw)
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!value) return undefined;
  return value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE - 1)}…` : value;
}

/** A multi-line param (a reason, a note): line breaks kept, other control characters dropped. */
function paragraph(params: NotificationParams, key: string): string | undefined {
  const raw = params[key];
  if (raw === null || raw === undefined) return undefined;
  const value = String(raw)
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (!value) return undefined;
  return value.length > 4 * MAX_VALUE ? `${value.slice(0, 4 * MAX_VALUE - 1)}…` : value;
}

const FORMATS: Record<Lang, Intl.DateTimeFormat> = {
  de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }),
};

/** An ISO date-time (or epoch milliseconds) in Berlin time, or undefined when it does not parse. */
function date(params: NotificationParams, key: string, lang: Lang): string | undefined {
  const raw = params[key];
  if (raw === null || raw === undefined || raw === '') return undefined;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) return undefined;
  const formatted = FORMATS[lang].format(d);
  return lang === 'de' ? `${formatted} Uhr` : `${formatted} (Berlin time)`;
}

/** The parts every template uses, with their fallbacks. */
interface Parts {
  counterpart: string;
  /** ` mit Weber Logistik GmbH` / ` with Weber Logistik GmbH`, or empty */
  withCounterpart: string;
  /** ` „Umzugshilfe“` / ` "Umzugshilfe"`, or empty */
  quoted: string;
  reason?: string;
  expiresAt?: string;
  dueAt?: string;
  /** the organisation's name, if given */
  organisation?: string;
  /** ` „Marktplatz Hallschlag“` / ` "Marktplatz Hallschlag"`: the marketplace (event) it is about, or empty */
  event: string;
}

/** ` „value“` in German, ` "value"` in English, or empty. */
const quote = (value: string | undefined, lang: Lang) => (value ? (lang === 'de' ? ` „${value}“` : ` "${value}"`) : '');

function parts(params: NotificationParams, lang: Lang): Parts {
  const title = text(params, 'title');
  const counterpart = text(params, 'counterpart');
  return {
    counterpart: counterpart ?? (lang === 'de' ? 'Eine Organisation' : 'An organisation'),
    withCounterpart: counterpart ? (lang === 'de' ? ` mit ${counterpart}` : ` with ${counterpart}`) : '',
    quoted: quote(title, lang),
    reason: paragraph(params, 'reason'),
    expiresAt: date(params, 'expiresAt', lang),
    dueAt: date(params, 'dueAt', lang),
    organisation: text(params, 'organisation'),
    event: quote(text(params, 'event'), lang),
  };
}

type Template = (p: Parts) => Text;

const TEMPLATES: Record<NotificationKind, Record<Lang, Template>> = {
  proposal_received: {
    de: (p) => ({
      subject: `Neuer Kooperationsvorschlag${p.quoted}`,
      body: `${p.counterpart} schlägt Ihnen eine Kooperation${p.quoted} vor.` +
        (p.expiresAt ? ` Bitte antworten Sie bis ${p.expiresAt}; danach verfällt der Vorschlag.` : ' Bitte nehmen Sie den Vorschlag an oder lehnen Sie ihn ab.'),
    }),
    en: (p) => ({
      subject: `New cooperation proposal${p.quoted}`,
      body: `${p.counterpart} proposes a cooperation${p.quoted} to you.` +
        (p.expiresAt ? ` Please answer by ${p.expiresAt}; after that the proposal expires.` : ' Please accept or decline the proposal.'),
    }),
  },
  proposal_accepted: {
    de: (p) => ({
      subject: `Vorschlag angenommen${p.quoted}`,
      body: `${p.counterpart} hat Ihren Kooperationsvorschlag${p.quoted} angenommen. Als Nächstes halten Sie gemeinsam fest, was Sie vereinbaren (Engagement-Vereinbarung).`,
    }),
    en: (p) => ({
      subject: `Proposal accepted${p.quoted}`,
      body: `${p.counterpart} has accepted your cooperation proposal${p.quoted}. Next, record together what you agree on (Engagement-Vereinbarung).`,
    }),
  },
  proposal_declined: {
    de: (p) => ({
      subject: `Vorschlag abgelehnt${p.quoted}`,
      body: `${p.counterpart} hat Ihren Kooperationsvorschlag${p.quoted} abgelehnt.` + (p.reason ? `\n\nBegründung:\n${p.reason}` : ''),
    }),
    en: (p) => ({
      subject: `Proposal declined${p.quoted}`,
      body: `${p.counterpart} has declined your cooperation proposal${p.quoted}.` + (p.reason ? `\n\nReason:\n${p.reason}` : ''),
    }),
  },
  proposal_expiring: {
    de: (p) => ({
      subject: `Vorschlag läuft bald ab${p.quoted}`,
      body: `Der Kooperationsvorschlag${p.quoted} ist noch unbeantwortet` +
        (p.expiresAt ? ` und verfällt am ${p.expiresAt}.` : ' und verfällt bald.') + ' Bitte nehmen Sie ihn an oder lehnen Sie ihn ab.',
    }),
    en: (p) => ({
      subject: `Proposal expiring soon${p.quoted}`,
      body: `The cooperation proposal${p.quoted} has not been answered yet` +
        (p.expiresAt ? ` and expires on ${p.expiresAt}.` : ' and expires soon.') + ' Please accept or decline it.',
    }),
  },
  proposal_expired: {
    de: (p) => ({
      subject: `Vorschlag verfallen${p.quoted}`,
      body: `Der Kooperationsvorschlag${p.quoted} wurde nicht rechtzeitig beantwortet und ist verfallen. Sie können jederzeit einen neuen Vorschlag senden.`,
    }),
    en: (p) => ({
      subject: `Proposal expired${p.quoted}`,
      body: `The cooperation proposal${p.quoted} was not answered in time and has expired. You can send a new proposal at any time.`,
    }),
  },
  cooperation_cancelled: {
    de: (p) => ({
      subject: `Kooperation abgesagt${p.quoted}`,
      body: `${p.counterpart} hat die Kooperation${p.quoted} abgesagt.` + (p.reason ? `\n\nBegründung:\n${p.reason}` : ''),
    }),
    en: (p) => ({
      subject: `Cooperation cancelled${p.quoted}`,
      body: `${p.counterpart} has cancelled the cooperation${p.quoted}.` + (p.reason ? `\n\nReason:\n${p.reason}` : ''),
    }),
  },
  message_received: {
    de: (p) => ({
      subject: `Neue Nachricht${p.quoted}`,
      body: `${p.counterpart} hat Ihnen in der Kooperation${p.quoted} eine Nachricht geschrieben.`,
    }),
    en: (p) => ({
      subject: `New message${p.quoted}`,
      body: `${p.counterpart} has sent you a message in the cooperation${p.quoted}.`,
    }),
  },
  agreement_to_sign: {
    de: (p) => ({
      subject: `Engagement-Vereinbarung zur Unterschrift${p.quoted}`,
      body: `Die Engagement-Vereinbarung${p.quoted}${p.withCounterpart} wartet auf Ihre Unterschrift. Bitte prüfen Sie Leistung, Gegenleistung und Zeitraum und unterschreiben Sie, wenn alles stimmt.`,
    }),
    en: (p) => ({
      subject: `Engagement-Vereinbarung to sign${p.quoted}`,
      body: `The Engagement-Vereinbarung (agreement)${p.quoted}${p.withCounterpart} awaits your signature. Please check what is given, what is given back and the dates, and sign when everything is right.`,
    }),
  },
  agreement_signed: {
    de: (p) => ({
      subject: `Engagement-Vereinbarung unterschrieben${p.quoted}`,
      body: `${p.counterpart} hat die Engagement-Vereinbarung${p.quoted} unterschrieben.`,
    }),
    en: (p) => ({
      subject: `Engagement-Vereinbarung signed${p.quoted}`,
      body: `${p.counterpart} has signed the Engagement-Vereinbarung (agreement)${p.quoted}.`,
    }),
  },
  cooperation_completed: {
    de: (p) => ({
      subject: `Kooperation abgeschlossen${p.quoted}`,
      body: `Die Kooperation${p.quoted}${p.withCounterpart} ist abgeschlossen. Vielen Dank für Ihr Engagement!`,
    }),
    en: (p) => ({
      subject: `Cooperation completed${p.quoted}`,
      body: `The cooperation${p.quoted}${p.withCounterpart} is completed. Thank you for your engagement!`,
    }),
  },
  evaluation_due: {
    de: (p) => ({
      subject: `Bitte bewerten Sie die Kooperation${p.quoted}`,
      body: `Die Kooperation${p.quoted}${p.withCounterpart} ist zu Ende. Wie ist es gelaufen? Ihre Bewertung (was hat funktioniert, wen haben Sie erreicht, würden Sie wieder kooperieren) hilft beiden Seiten und dem Marktplatz.` +
        (p.dueAt ? ` Die Bewertung ist bis ${p.dueAt} möglich.` : ''),
    }),
    en: (p) => ({
      subject: `Please evaluate the cooperation${p.quoted}`,
      body: `The cooperation${p.quoted}${p.withCounterpart} has ended. How did it go? Your evaluation (what worked, whom you reached, would you cooperate again) helps both sides and the marketplace.` +
        (p.dueAt ? ` You can evaluate until ${p.dueAt}.` : ''),
    }),
  },
  organisation_verified: {
    de: (p) => ({
      subject: 'Ihre Organisation ist verifiziert',
      body: `${p.organisation ? `„${p.organisation}“` : 'Ihre Organisation'} wurde von den Organisator:innen Ihres Stadtteils verifiziert. Das Verifiziert-Abzeichen erscheint nun überall, wo Ihre Organisation gezeigt wird.`,
    }),
    en: (p) => ({
      subject: 'Your organisation is verified',
      body: `${p.organisation ? `"${p.organisation}"` : 'Your organisation'} has been verified by your district's organisers. The verified badge now shows wherever your organisation appears.`,
    }),
  },
  marketplace_invited: {
    de: (p) => ({
      subject: `Einladung zum Marktplatz${p.quoted}`,
      body: `Sie sind zum Marktplatz für Gute Geschäfte${p.quoted} eingeladen` + (p.dueAt ? ` (${p.dueAt}).` : '.') +
        ' In Ihrem Quartier gibt es passende Partner für Ihre Bedarfe und Angebote. Melden Sie sich an, solange Plätze frei sind.',
    }),
    en: (p) => ({
      subject: `Invitation to the marketplace${p.quoted}`,
      body: `You are invited to the Marktplatz für Gute Geschäfte${p.quoted}` + (p.dueAt ? ` (${p.dueAt}).` : '.') +
        ' Your Quartier has good partners for your needs and offers. Register while places are free.',
    }),
  },
  registration_confirmed: {
    de: (p) => ({
      subject: `Anmeldung bestätigt${p.quoted}`,
      body: `Ihre Anmeldung zum Marktplatz${p.quoted} ist bestätigt` + (p.dueAt ? `. Wir sehen uns am ${p.dueAt}.` : '.'),
    }),
    en: (p) => ({
      subject: `Registration confirmed${p.quoted}`,
      body: `Your registration for the marketplace${p.quoted} is confirmed` + (p.dueAt ? `. See you on ${p.dueAt}.` : '.'),
    }),
  },
  waitlist_moved_up: {
    de: (p) => ({
      subject: `Platz frei geworden${p.quoted}`,
      body: `Ein Platz beim Marktplatz${p.quoted} ist frei geworden: Sie sind von der Warteliste nachgerückt und jetzt angemeldet` +
        (p.dueAt ? ` (${p.dueAt}).` : '.') + ' Falls Sie doch nicht kommen können, melden Sie sich bitte ab.',
    }),
    en: (p) => ({
      subject: `A place became free${p.quoted}`,
      body: `A place at the marketplace${p.quoted} became free: you moved up from the waitlist and are now registered` +
        (p.dueAt ? ` (${p.dueAt}).` : '.') + ' If you cannot come after all, please cancel your registration.',
    }),
  },
  marketplace_cancelled: {
    de: (p) => ({
      subject: `Marktplatz abgesagt${p.quoted}`,
      body: `Der Marktplatz${p.quoted} wurde von den Organisator:innen abgesagt.` + (p.reason ? `\n\nBegründung:\n${p.reason}` : ''),
    }),
    en: (p) => ({
      subject: `Marketplace cancelled${p.quoted}`,
      body: `The marketplace${p.quoted} has been cancelled by its organisers.` + (p.reason ? `\n\nReason:\n${p.reason}` : ''),
    }),
  },
  meeting_schedule_published: {
    de: (p) => ({
      subject: `Ihr Gesprächsplan steht${p.quoted}`,
      body: `Die 1:1-Gespräche beim Marktplatz${p.quoted} sind geplant` + (p.dueAt ? ` (${p.dueAt}).` : '.') +
        ' Ihre Agenda mit Uhrzeiten, Tischen und Gesprächspartnern finden Sie unter dem Link, auch als Kalenderdatei (.ics) und zum Ausdrucken.',
    }),
    en: (p) => ({
      subject: `Your meeting plan is ready${p.quoted}`,
      body: `The 1:1 meetings at the marketplace${p.quoted} are scheduled` + (p.dueAt ? ` (${p.dueAt}).` : '.') +
        ' Your agenda with times, tables and partners is at the link, also as a calendar file (.ics) and for printing.',
    }),
  },
  meeting_schedule_changed: {
    de: (p) => ({
      subject: `Gesprächsplan geändert${p.quoted}`,
      body: `Der Gesprächsplan für den Marktplatz${p.quoted} wurde nach Nachmeldungen aktualisiert, und Ihre Gespräche haben sich geändert (Uhrzeit, Tisch oder Gesprächspartner).` +
        ' Bitte sehen Sie sich Ihre neue Agenda an; eine importierte Kalenderdatei aktualisiert sich beim erneuten Import.',
    }),
    en: (p) => ({
      subject: `Meeting plan changed${p.quoted}`,
      body: `The meeting plan for the marketplace${p.quoted} was updated after late registrations, and your meetings changed (time, table or partner).` +
        ' Please look at your new agenda; an imported calendar file updates when you import it again.',
    }),
  },
  meeting_requested: {
    de: (p) => ({
      subject: `Gesprächswunsch zum Marktplatz${p.quoted}`,
      body: `${p.counterpart} möchte Sie beim Marktplatz${p.quoted}` + (p.dueAt ? ` am ${p.dueAt}` : '') +
        ' zu einem Einzelgespräch treffen. Sagen Sie zu, wenn Sie das Gespräch auch führen möchten, oder lehnen Sie ab.',
    }),
    en: (p) => ({
      subject: `Meeting request for the marketplace${p.quoted}`,
      body: `${p.counterpart} would like to meet you for a 1:1 conversation at the marketplace${p.quoted}` + (p.dueAt ? ` on ${p.dueAt}` : '') +
        '. Accept if you would like to meet too, or decline.',
    }),
  },
  meeting_agreed: {
    de: (p) => ({
      subject: `Gespräch vereinbart${p.quoted}`,
      body: `${p.counterpart} möchte Sie beim Marktplatz${p.quoted} ebenfalls treffen. Das Gespräch kommt in den Gesprächsplan, sobald er erstellt wird und ein Termin frei ist.`,
    }),
    en: (p) => ({
      subject: `Meeting agreed${p.quoted}`,
      body: `${p.counterpart} would also like to meet you at the marketplace${p.quoted}. The meeting goes into the meeting schedule when it is made and a slot is free.`,
    }),
  },
  follow_up_due: {
    de: (p) => ({
      subject: `Wurde die Vereinbarung umgesetzt?${p.quoted}`,
      body: `Auf dem Marktplatz${p.event} haben Sie${p.withCounterpart} eine Engagement-Vereinbarung${p.quoted} geschlossen. Wurde sie umgesetzt? ` +
        'Bitte melden Sie kurz zurück: umgesetzt, in Arbeit oder nicht umgesetzt, gern mit einer Notiz. Ihre Antwort hilft den Organisator:innen, die nächsten Marktplätze zu verbessern.',
    }),
    en: (p) => ({
      subject: `Was the agreement carried out?${p.quoted}`,
      body: `At the marketplace${p.event} you made an Engagement-Vereinbarung (agreement)${p.quoted}${p.withCounterpart}. Has it been carried out? ` +
        'Please let us know briefly: carried out, in progress or not carried out, with a note if you like. Your answer helps the organisers improve the next marketplaces.',
    }),
  },
  webhook_disabled: {
    de: (p) => ({
      subject: `Webhook deaktiviert${p.quoted}`,
      body: `Die Zustellungen an Ihren Webhook${p.quoted} sind wiederholt fehlgeschlagen; wir haben ihn deaktiviert und senden ihm nichts mehr. ` +
        'Prüfen Sie den Empfänger und aktivieren Sie den Webhook dann wieder (enable). Was in der Zwischenzeit geschehen ist, steht im Änderungs-Feed (GET /v1/events).' +
        (p.reason ? `\n\nLetzter Fehler:\n${p.reason}` : ''),
    }),
    en: (p) => ({
      subject: `Webhook disabled${p.quoted}`,
      body: `Deliveries to your webhook${p.quoted} failed repeatedly; we have disabled it and send it nothing more. ` +
        'Check the receiver, then enable the webhook again (enable). What happened in the meantime is in the change feed (GET /v1/events).' +
        (p.reason ? `\n\nLast error:\n${p.reason}` : ''),
    }),
  },
};

const LINK_LABEL: Record<Lang, string> = { de: 'Zum Vorgang', en: 'Open' };
const FOOTER: Record<Lang, string> = {
  de: 'Diese Nachricht hat der Marktplatz für Gute Geschäfte automatisch verschickt.',
  en: 'This message was sent automatically by the Marktplatz für Gute Geschäfte.',
};
export const LANGUAGE_SEPARATOR = '\n\n— English —\n\n';

function renderLang(kind: NotificationKind, params: NotificationParams, lang: Lang): Text {
  const { subject, body } = TEMPLATES[kind][lang](parts(params, lang));
  const url = text(params, 'url');
  return { subject, body: `${body}${url ? `\n\n${LINK_LABEL[lang]}: ${url}` : ''}\n\n${FOOTER[lang]}` };
}

/** The German and English texts of a notification. Throws only for an unknown kind. */
export function renderNotification(kind: NotificationKind, params: NotificationParams = {}): Rendered {
  if (!Object.hasOwn(TEMPLATES, kind)) throw new Error(`no template for notification kind "${String(kind)}"`);
  const safe = params && typeof params === 'object' ? params : {};
  const de = renderLang(kind, safe, 'de');
  const en = renderLang(kind, safe, 'en');
  return { de, en, subject: `${de.subject} / ${en.subject}`, body: `${de.body}${LANGUAGE_SEPARATOR}${en.body}` };
}
