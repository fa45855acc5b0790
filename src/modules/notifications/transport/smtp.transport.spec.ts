import nodemailer from 'nodemailer';
import { buildMail, notificationMessageId, senderDomain, SmtpTransport } from './smtp.transport';
import type { OutgoingNotification } from './notification-transport';

const message: OutgoingNotification = {
  notificationId: '6f1c2b9e-0000-4000-8000-000000000001',
  kind: 'proposal_received',
  userId: '6f1c2b9e-0000-4000-8000-000000000002',
  to: 'anna@verein.example',
  toName: 'Anna Schneider',
  subject: 'Neuer Kooperationsvorschlag „Umzugshilfe“ / New cooperation proposal "Umzugshilfe"',
  text: 'Weber Logistik GmbH schlägt Ihnen eine Kooperation vor.\n\n— English —\n\nWeber Logistik GmbH proposes a cooperation to you.',
};

describe('SMTP transport', () => {
  describe.each<[string, string]>([
    ['noreply@marktplatz.example', 'marktplatz.example'],
    ['Marktplatz <noreply@marktplatz.example>', 'marktplatz.example'],
    ['"Marktplatz, Stuttgart" <NoReply@Marktplatz.Example>', 'marktplatz.example'],
    ['Marktplatz', 'marktplatz.invalid'],
  ])('senderDomain(%j)', (from, domain) => {
    it(`is ${domain}`, () => expect(senderDomain(from)).toBe(domain));
  });

  it('derives a stable Message-ID from the notification id', () => {
    expect(notificationMessageId(message.notificationId, 'Marktplatz <noreply@marktplatz.example>')).toBe(
      '<notification.6f1c2b9e-0000-4000-8000-000000000001@marktplatz.example>',
    );
    expect(buildMail(message, 'noreply@marktplatz.example')).toEqual(buildMail(message, 'noreply@marktplatz.example'));
  });

  it('builds a plain-text mail with the auto-generated headers (nodemailer composes it; no network)', async () => {
    const transport = new SmtpTransport(nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }), 'Marktplatz <noreply@marktplatz.example>');
    const info = await transport.send(message);
    expect(info.messageId).toBe('<notification.6f1c2b9e-0000-4000-8000-000000000001@marktplatz.example>');
    const mail = buildMail(message, 'Marktplatz <noreply@marktplatz.example>');
    expect(mail).toMatchObject({
      from: 'Marktplatz <noreply@marktplatz.example>',
      to: { name: 'Anna Schneider', address: 'anna@verein.example' },
      subject: message.subject,
      text: message.text,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Marktplatz-Notification': `proposal_received; id=${message.notificationId}` },
    });
    expect(mail.html).toBeUndefined();
    expect(mail.attachments).toBeUndefined();
  });
});
