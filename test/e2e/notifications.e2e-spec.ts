import { Queue, type Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { JOB_OPTIONS, JobName, QueueName } from '../../src/queue/jobs';
import { hashPassword } from '../../src/modules/auth/password';
import { NotificationDeliveryService } from '../../src/modules/notifications/notification-delivery.service';
import { NotificationsService, type NotifyInput } from '../../src/modules/notifications/notifications.service';
import {
  NOTIFICATION_TRANSPORT,
  PermanentDeliveryError,
  type NotificationTransport,
  type OutgoingNotification,
} from '../../src/modules/notifications/transport/notification-transport';
import { User } from '../../src/modules/users/user.entity';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { SmtpSink } from '../utils/smtp-sink';
import { waitFor } from '../utils/wait-for';
import { makeAdmin, makeTree, PASSWORD, signup, uid, type Member } from '../factories';

interface Row {
  id: string;
  user_id: string;
  organisation_id: string;
  kind: string;
  cooperation_id: string | null;
  params: Record<string, unknown>;
  subject: string;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  transport_message_id: string | null;
  sent_at: Date | null;
  read_at: Date | null;
}

const rowsFor = async (ds: DataSource, dedupeKey: string): Promise<Row[]> =>
  ds.query(`SELECT * FROM notifications WHERE dedupe_key = $1 ORDER BY user_id`, [dedupeKey]);
const rowById = async (ds: DataSource, id: string): Promise<Row> => ((await ds.query(`SELECT * FROM notifications WHERE id = $1`, [id])) as Row[])[0];

/** A further member of an existing organisation, signed in. */
async function addMember(t: TestApp, organisationId: string): Promise<Member> {
  const email = `member-${uid()}@test.example`;
  const user = await t.ds.getRepository(User).save({ email, passwordHash: await hashPassword(PASSWORD), displayName: 'Mia Keller', organisationId, organiserDistrictIds: [] });
  const res = await t.http.post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  return { token: res.body.accessToken, userId: user.id, organisationId, email, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

const input = (organisationIds: string[], over: Partial<NotifyInput> = {}): NotifyInput => ({
  kind: 'proposal_received',
  organisationIds,
  cooperationId: randomUUID(),
  params: { counterpart: 'Weber Logistik GmbH', title: 'Umzugshilfe', expiresAt: '2027-03-12T13:00:00.000Z', url: '/v1/cooperations/x' },
  dedupeKey: `proposal-received.${uid()}`,
  ...over,
});

function notificationsQueue(t: TestApp): Queue {
  const queue = new Queue(QueueName.Notifications, { connection: { url: t.config.REDIS_URL }, prefix: t.config.QUEUE_PREFIX });
  queue.on('error', () => undefined);
  return queue;
}

async function jobInState(queue: Queue, id: string, state: string): Promise<Job> {
  // state first, then the job: read before, its fields could be those of the previous state
  return waitFor(async () => ((await queue.getJobState(id)) === state ? ((await queue.getJob(id)) as Job | undefined) : undefined), `job ${id} to be ${state}`);
}

describe('notifications', () => {
  describe('notify() and delivery through the log transport', () => {
    let t: TestApp;
    let queue: Queue;
    let np: Member;
    let np2: Member;
    let company: Member;
    let bystander: Member;
    let http: TestAgent;
    let notifications: NotificationsService;

    beforeAll(async () => {
      t = await createTestApp();
      http = t.http;
      queue = notificationsQueue(t);
      notifications = t.app.get(NotificationsService);
      const tree = await makeTree(t.ds);
      np = await signup(http, 'nonprofit', tree.quarter.id);
      np2 = await addMember(t, np.organisationId);
      company = await signup(http, 'company', tree.quarter.id);
      bystander = await signup(http, 'nonprofit', tree.quarter.id);
    });

    afterAll(async () => {
      await queue.close();
      await t.close();
    });

    it('creates one notification per member of each organisation, in the caller\'s transaction, with German and English texts', async () => {
      const given = input([np.organisationId, company.organisationId, np.organisationId]);
      const created = await t.ds.transaction((manager) => notifications.notify(manager, given));
      expect(created).toBe(3);
      const rows = await rowsFor(t.ds, given.dedupeKey);
      expect(rows.map((r) => r.user_id).sort()).toEqual([np.userId, np2.userId, company.userId].sort());
      expect(rows.find((r) => r.user_id === np2.userId)?.organisation_id).toBe(np.organisationId);
      expect(rows.find((r) => r.user_id === company.userId)?.organisation_id).toBe(company.organisationId);
      expect(rows.some((r) => r.user_id === bystander.userId)).toBe(false);
      for (const row of rows) {
        expect(row).toMatchObject({ kind: 'proposal_received', cooperation_id: given.cooperationId, params: given.params, attempts: 0 });
        expect(row.subject).toBe('Neuer Kooperationsvorschlag „Umzugshilfe“ / New cooperation proposal "Umzugshilfe"');
        expect(row.body.indexOf('Weber Logistik GmbH schlägt Ihnen')).toBeLessThan(row.body.indexOf('Weber Logistik GmbH proposes'));
        expect(row.body).toContain('12. März 2027 um 14:00 Uhr');
      }
      // one delivery job per row, through the outbox
      const outbox = (await t.ds.query(`SELECT job_id, job_name, queue, payload FROM outbox WHERE job_name = 'deliver-notification' AND payload->>'notificationId' = ANY($1)`, [
        rows.map((r) => r.id),
      ])) as Array<{ job_id: string; queue: string; payload: { notificationId: string } }>;
      expect(outbox.map((o) => o.job_id).sort()).toEqual(rows.map((r) => `notify.${r.id}`).sort());
      expect(outbox.every((o) => o.queue === 'notifications')).toBe(true);
    });

    it('makes a second call with the same dedupe key a no-op, also per user across organisations', async () => {
      const given = input([np.organisationId]);
      expect(await t.ds.transaction((m) => notifications.notify(m, given))).toBe(2);
      expect(await t.ds.transaction((m) => notifications.notify(m, given))).toBe(0);
      // the same key for the company as well: only its member is new
      expect(await t.ds.transaction((m) => notifications.notify(m, { ...given, organisationIds: [np.organisationId, company.organisationId] }))).toBe(1);
      expect(await rowsFor(t.ds, given.dedupeKey)).toHaveLength(3);
      const jobs = (await t.ds.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'notificationId' IN (SELECT id::text FROM notifications WHERE dedupe_key = $1)`, [
        given.dedupeKey,
      ])) as Array<{ n: number }>;
      expect(jobs[0].n).toBe(3);
    });

    it('creates nothing when the caller\'s transaction rolls back', async () => {
      const given = input([np.organisationId]);
      await expect(
        t.ds.transaction(async (m) => {
          await notifications.notify(m, given);
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await rowsFor(t.ds, given.dedupeKey)).toHaveLength(0);
    });

    it('opens a transaction of its own when called outside one, and refuses bad input', async () => {
      const given = input([company.organisationId]);
      expect(await notifications.notify(t.ds.manager, given)).toBe(1);
      expect(await notifications.notify(t.ds.manager, input([]))).toBe(0);
      await expect(notifications.notify(t.ds.manager, input([np.organisationId], { kind: 'proposal_exploded' as never }))).rejects.toThrow(/unknown notification kind/);
      await expect(notifications.notify(t.ds.manager, input([np.organisationId], { dedupeKey: '  ' }))).rejects.toThrow(/dedupeKey/);
    });

    it('delivers each notification once through the log transport (status sent, sentAt)', async () => {
      const given = input([np.organisationId], { kind: 'proposal_accepted' });
      await t.ds.transaction((m) => notifications.notify(m, given));
      const rows = await rowsFor(t.ds, given.dedupeKey);
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        const job = await jobInState(queue, `notify.${row.id}`, 'completed');
        expect(job.name).toBe(JobName.DeliverNotification);
        expect(job.returnvalue).toEqual({ outcome: 'sent', messageId: `log.${row.id}` });
        expect(job.opts.attempts).toBe(JOB_OPTIONS[JobName.DeliverNotification].attempts);
        const sent = await rowById(t.ds, row.id);
        expect(sent).toMatchObject({ status: 'sent', attempts: 1, last_error: null, transport_message_id: `log.${row.id}` });
        expect(sent.sent_at).toBeInstanceOf(Date);
        // a second run of the job (at-least-once delivery) sends nothing
        await expect(t.app.get(NotificationDeliveryService).deliver(row.id, { made: 0, max: 7 })).resolves.toEqual({ outcome: 'already-sent' });
        expect(await rowById(t.ds, row.id)).toMatchObject({ status: 'sent', attempts: 1 });
      }
      await expect(t.app.get(NotificationDeliveryService).deliver(randomUUID(), { made: 0, max: 7 })).resolves.toEqual({ outcome: 'missing' });
    });

    describe('GET /v1/me/notifications and marking as read', () => {
      let mine: string[];

      beforeAll(async () => {
        // bystander's own three, created one after another (newest last)
        mine = [];
        for (const kind of ['proposal_received', 'agreement_to_sign', 'evaluation_due'] as const) {
          const given = input([bystander.organisationId], { kind });
          await t.ds.transaction((m) => notifications.notify(m, given));
          mine.push((await rowsFor(t.ds, given.dedupeKey))[0].id);
        }
        mine.reverse();
      });

      it('lists only the caller\'s own, newest first, page by page', async () => {
        const first = (await http.get('/v1/me/notifications?limit=2').set(bystander.auth).expect(200)).body;
        expect(first.items.map((n: { id: string }) => n.id)).toEqual(mine.slice(0, 2));
        expect(first.unreadCount).toBe(3);
        expect(first.nextCursor).toEqual(expect.any(String));
        expect(first.items[0]).toMatchObject({ kind: 'evaluation_due', organisationId: bystander.organisationId, readAt: null, params: { counterpart: 'Weber Logistik GmbH' } });
        expect(first.items[0].subject).toContain('Bitte bewerten Sie die Kooperation');
        expect(first.items[0]).not.toHaveProperty('dedupeKey');
        expect(first.items[0]).not.toHaveProperty('lastError');
        const second = (await http.get(`/v1/me/notifications?limit=2&cursor=${first.nextCursor}`).set(bystander.auth).expect(200)).body;
        expect(second.items.map((n: { id: string }) => n.id)).toEqual(mine.slice(2));
        expect(second.nextCursor).toBeNull();

        const others = (await http.get('/v1/me/notifications?limit=100').set(np.auth).expect(200)).body;
        expect(others.items.length).toBeGreaterThan(0);
        expect(others.items.some((n: { id: string }) => mine.includes(n.id))).toBe(false);
        const admin = await makeAdmin(t.ds, http);
        expect((await http.get('/v1/me/notifications').set(admin.auth).expect(200)).body).toEqual({ items: [], nextCursor: null, unreadCount: 0 });
      });

      it('marks one as read, idempotently, and filters unread ones', async () => {
        const first = (await http.post(`/v1/me/notifications/${mine[1]}/read`).set(bystander.auth).expect(200)).body;
        expect(first.readAt).toEqual(expect.any(String));
        const again = (await http.post(`/v1/me/notifications/${mine[1]}/read`).set(bystander.auth).expect(200)).body;
        expect(again.readAt).toBe(first.readAt);
        const unread = (await http.get('/v1/me/notifications?unread=true').set(bystander.auth).expect(200)).body;
        expect(unread.items.map((n: { id: string }) => n.id)).toEqual([mine[0], mine[2]]);
        expect(unread.unreadCount).toBe(2);
        const all = (await http.get('/v1/me/notifications?unread=false').set(bystander.auth).expect(200)).body;
        expect(all.items).toHaveLength(3);
      });

      it('does not let anyone read or mark another user\'s notification', async () => {
        // a member of another organisation, a member of the same organisation, an admin: 404 all
        const colleague = await addMember(t, bystander.organisationId);
        const admin = await makeAdmin(t.ds, http);
        for (const other of [np, colleague, admin]) {
          const res = await http.post(`/v1/me/notifications/${mine[0]}/read`).set(other.auth).expect(404);
          expect(res.body.code).toBe('NOTIFICATION_NOT_FOUND');
        }
        expect((await rowById(t.ds, mine[0])).read_at).toBeNull();
        await http.post(`/v1/me/notifications/${randomUUID()}/read`).set(bystander.auth).expect(404);
        expect((await http.post('/v1/me/notifications/not-a-uuid/read').set(bystander.auth).expect(400)).body.code).toBe('VALIDATION_FAILED');
        await http.get('/v1/me/notifications').expect(401);
        await http.post(`/v1/me/notifications/${mine[0]}/read`).expect(401);
        await http.post('/v1/me/notifications/read-all').expect(401);
        expect((await http.get('/v1/me/notifications?unread=maybe').set(bystander.auth).expect(400)).body.code).toBe('VALIDATION_FAILED');
        expect((await http.get('/v1/me/notifications?cursor=bogus').set(bystander.auth).expect(400)).body.code).toBe('INVALID_CURSOR');
      });

      it('marks all of one\'s own as read, and only one\'s own', async () => {
        const npUnreadBefore = (await http.get('/v1/me/notifications').set(np.auth).expect(200)).body.unreadCount;
        expect(npUnreadBefore).toBeGreaterThan(0);
        expect((await http.post('/v1/me/notifications/read-all').set(bystander.auth).expect(200)).body).toEqual({ updated: 2 });
        expect((await http.post('/v1/me/notifications/read-all').set(bystander.auth).expect(200)).body).toEqual({ updated: 0 });
        expect((await http.get('/v1/me/notifications?unread=true').set(bystander.auth).expect(200)).body).toEqual({ items: [], nextCursor: null, unreadCount: 0 });
        expect((await http.get('/v1/me/notifications').set(np.auth).expect(200)).body.unreadCount).toBe(npUnreadBefore);
      });
    });
  });

  describe('a failing transport', () => {
    /** Fails for the notifications listed, a given number of times (Infinity: always). */
    class FlakyTransport implements NotificationTransport {
      readonly name = 'flaky';
      readonly failures = new Map<string, number>();
      readonly permanent = new Set<string>();
      readonly calls: string[] = [];
      gate?: Promise<void>;

      async send(message: OutgoingNotification): Promise<{ messageId?: string }> {
        this.calls.push(message.notificationId);
        await this.gate;
        if (this.permanent.has(message.notificationId)) throw new PermanentDeliveryError('550 mailbox unknown');
        const left = this.failures.get(message.notificationId) ?? 0;
        if (left > 0) {
          this.failures.set(message.notificationId, left - 1);
          throw new Error('connect ECONNREFUSED 127.0.0.1:25');
        }
        return { messageId: `flaky.${message.notificationId}` };
      }
    }

    let t: TestApp;
    let queue: Queue;
    let np: Member;
    const transport = new FlakyTransport();

    beforeAll(async () => {
      t = await createTestApp({}, { providers: [{ provide: NOTIFICATION_TRANSPORT, useValue: transport }] });
      queue = notificationsQueue(t);
      np = await signup(t.http, 'nonprofit', (await makeTree(t.ds)).quarter.id);
    });

    afterAll(async () => {
      await queue.close();
      await t.close();
    });

    /** Creates one notification for np's only member; the transport's behaviour is set before the job can run. */
    async function oneNotification(setup: (id: string) => void): Promise<string> {
      const given = input([np.organisationId]);
      let id = '';
      await t.ds.transaction(async (m) => {
        await t.app.get(NotificationsService).notify(m, given);
        [{ id }] = (await m.query(`SELECT id FROM notifications WHERE dedupe_key = $1`, [given.dedupeKey])) as Array<{ id: string }>;
        setup(id);
      });
      return id;
    }

    it('records the failure, retries with backoff, and sends on a later attempt', async () => {
      const id = await oneNotification((nid) => transport.failures.set(nid, 1));
      const delayed = await jobInState(queue, `notify.${id}`, 'delayed');
      expect(await rowById(t.ds, id)).toMatchObject({ status: 'pending', attempts: 1, last_error: 'flaky: connect ECONNREFUSED 127.0.0.1:25', sent_at: null });
      expect(delayed.attemptsMade).toBe(1);
      await delayed.promote(); // the backoff (a minute) without waiting for it
      await jobInState(queue, `notify.${id}`, 'completed');
      const row = await rowById(t.ds, id);
      expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null, transport_message_id: `flaky.${id}` });
      expect(row.sent_at).toBeInstanceOf(Date);
    });

    it('marks the notification failed after the last attempt', async () => {
      const id = await oneNotification((nid) => transport.failures.set(nid, Infinity));
      const max = JOB_OPTIONS[JobName.DeliverNotification].attempts!;
      for (let attempt = 1; attempt < max; attempt++) {
        const job = await jobInState(queue, `notify.${id}`, 'delayed');
        expect(await rowById(t.ds, id)).toMatchObject({ status: 'pending', attempts: attempt });
        await job.promote();
        await waitFor(async () => (await rowById(t.ds, id)).attempts > attempt, `attempt ${attempt + 1}`);
      }
      const job = await jobInState(queue, `notify.${id}`, 'failed');
      expect(job.attemptsMade).toBe(max);
      expect(job.failedReason).toContain('ECONNREFUSED');
      expect(await rowById(t.ds, id)).toMatchObject({ status: 'failed', attempts: max, sent_at: null, last_error: 'flaky: connect ECONNREFUSED 127.0.0.1:25' });
      expect(transport.calls.filter((c) => c === id)).toHaveLength(max);
    });

    it('does not retry a permanent refusal', async () => {
      const id = await oneNotification((nid) => transport.permanent.add(nid));
      const job = await jobInState(queue, `notify.${id}`, 'failed');
      expect(job.attemptsMade).toBe(1);
      expect(await rowById(t.ds, id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'flaky: 550 mailbox unknown' });
    });

    it('sends once when two runs of the same job race (the row is claimed under a lock)', async () => {
      const id = await oneNotification(() => undefined);
      await jobInState(queue, `notify.${id}`, 'completed');
      // reset to pending as if the first run had crashed before recording, then run twice at once
      await t.ds.query(`UPDATE notifications SET status = 'pending', sent_at = NULL, attempts = 0 WHERE id = $1`, [id]);
      let open!: () => void;
      transport.gate = new Promise((resolve) => (open = resolve));
      const before = transport.calls.filter((c) => c === id).length;
      const delivery = t.app.get(NotificationDeliveryService);
      const runs = [delivery.deliver(id, { made: 0, max: 7 }), delivery.deliver(id, { made: 0, max: 7 })];
      await waitFor(() => transport.calls.filter((c) => c === id).length > before, 'the first run to reach the transport');
      open();
      const outcomes = (await Promise.all(runs)).map((r) => r.outcome).sort();
      transport.gate = undefined;
      expect(outcomes).toEqual(['already-sent', 'sent']);
      expect(transport.calls.filter((c) => c === id).length - before).toBe(1);
      expect(await rowById(t.ds, id)).toMatchObject({ status: 'sent', attempts: 1 });
    });
  });

  describe('the SMTP transport, against an SMTP server in the test process', () => {
    let t: TestApp;
    let sink: SmtpSink;
    let np: Member;

    beforeAll(async () => {
      sink = await SmtpSink.start();
      t = await createTestApp({ NOTIFY_TRANSPORT: 'smtp', SMTP_URL: sink.url, NOTIFY_FROM: 'Marktplatz Stuttgart <noreply@marktplatz.example>' });
      np = await signup(t.http, 'nonprofit', (await makeTree(t.ds)).quarter.id);
    });

    afterAll(async () => {
      await t.close();
      await sink.stop();
    });

    it('mails the notification with a Message-ID derived from its id', async () => {
      const given = input([np.organisationId], { kind: 'proposal_declined', params: { counterpart: 'Weber Logistik GmbH', title: 'Umzugshilfe', reason: 'Im März fehlt uns die Zeit.' } });
      await t.app.get(NotificationsService).notify(t.ds.manager, given);
      const [row] = await rowsFor(t.ds, given.dedupeKey);
      const sent = await waitFor(async () => {
        const r = await rowById(t.ds, row.id);
        return r.status === 'sent' ? r : undefined;
      }, 'the mail to be sent');
      const mail = sink.mails.find((m) => m.headers['message-id'] === `<notification.${row.id}@marktplatz.example>`);
      expect(mail).toBeDefined();
      expect(sent.transport_message_id).toBe(`<notification.${row.id}@marktplatz.example>`);
      expect(mail!.from).toBe('noreply@marktplatz.example');
      expect(mail!.to).toEqual([np.email]);
      expect(mail!.headers.from).toBe('Marktplatz Stuttgart <noreply@marktplatz.example>');
      expect(mail!.headers.to).toBe(`Anna Schneider <${np.email}>`);
      expect(mail!.headers.subject).toBe('Vorschlag abgelehnt „Umzugshilfe“ / Proposal declined "Umzugshilfe"');
      expect(mail!.headers['auto-submitted']).toBe('auto-generated');
      expect(mail!.headers['x-marktplatz-notification']).toBe(`proposal_declined; id=${row.id}`);
      expect(mail!.text.trim()).toBe(row.body);
    });

    it('fails at once, without retries, when the server refuses the recipient for good (550)', async () => {
      const other = await signup(t.http, 'company', (await makeTree(t.ds)).quarter.id);
      sink.rejectRecipients.add(other.email);
      const given = input([other.organisationId]);
      await t.app.get(NotificationsService).notify(t.ds.manager, given);
      const [row] = await rowsFor(t.ds, given.dedupeKey);
      const failed = await waitFor(async () => {
        const r = await rowById(t.ds, row.id);
        return r.status === 'failed' ? r : undefined;
      }, 'the notification to fail');
      expect(failed.attempts).toBe(1);
      expect(failed.last_error).toMatch(/^smtp: SMTP 550: .*mailbox unknown/);
      expect(sink.mails.some((m) => m.to.includes(other.email))).toBe(false);
    });

    it('retries a temporary refusal (451)', async () => {
      const other = await signup(t.http, 'company', (await makeTree(t.ds)).quarter.id);
      sink.tempFailRecipients.add(other.email);
      const given = input([other.organisationId]);
      await t.app.get(NotificationsService).notify(t.ds.manager, given);
      const [row] = await rowsFor(t.ds, given.dedupeKey);
      const queue = notificationsQueue(t);
      try {
        const job = await jobInState(queue, `notify.${row.id}`, 'delayed');
        expect(await rowById(t.ds, row.id)).toMatchObject({ status: 'pending', attempts: 1 });
        expect((await rowById(t.ds, row.id)).last_error).toMatch(/451/);
        sink.tempFailRecipients.delete(other.email);
        await job.promote();
        await jobInState(queue, `notify.${row.id}`, 'completed');
        expect(await rowById(t.ds, row.id)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
        expect(sink.mails.filter((m) => m.to.includes(other.email))).toHaveLength(1);
      } finally {
        await queue.close();
      }
    });
  });
});
