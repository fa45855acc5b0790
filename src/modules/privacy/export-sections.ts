import { AUTHORED_SECTION, USER_OWNED, USER_REFERENCES } from './user-references';

/**
 * What an export holds, section by section: a name, what it is, and the rows (`FROM … WHERE …`
 * over the table aliased `t`, `$1` the organisation's or the user's id). Every row is the
 * table's row as JSON (`to_jsonb`), keys in camelCase, without the columns in OMITTED_COLUMNS.
 */
export interface ExportSection {
  name: string;
  description: string;
  from: string;
  /** Default: t.id (a stable order; bigint ids are in creation order). */
  orderBy?: string;
}

/** Never exported: credentials (hashes, webhook secrets) and the search index. A test checks the schema for others. */
export const OMITTED_COLUMNS = ['password_hash', 'secret_hash', 'secret', 'previous_secret', 'search_vector'] as const;

/** The query of a section: $1 the subject's id, $2 the omitted columns. */
export const sectionSql = (s: ExportSection) => `SELECT to_jsonb(t) - $2::text[] AS row ${s.from} ORDER BY ${s.orderBy ?? 't.id'}`;

const COOPS = `(SELECT c.id FROM cooperations c WHERE c.nonprofit_id = $1 OR c.company_id = $1)`;
const CLIENTS = `(SELECT c.id FROM api_clients c WHERE c.owner_organisation_id = $1)`;

export const ORGANISATION_SECTIONS: readonly ExportSection[] = [
  { name: 'organisation', description: 'The profile, its verification and timestamps.', from: 'FROM organisations t WHERE t.id = $1' },
  { name: 'members', description: 'Its members\' accounts (never the password hash).', from: 'FROM users t WHERE t.organisation_id = $1', orderBy: 't.created_at, t.id' },
  { name: 'needs', description: 'Its needs (Bedarfe), drafts included.', from: 'FROM needs t WHERE t.organisation_id = $1', orderBy: 't.created_at, t.id' },
  { name: 'offers', description: 'Its offers (Angebote), drafts included.', from: 'FROM offers t WHERE t.organisation_id = $1', orderBy: 't.created_at, t.id' },
  { name: 'matches', description: 'The matches the engine keeps for its needs or offers, with their breakdowns.', from: 'FROM matches t WHERE t.need_organisation_id = $1 OR t.offer_organisation_id = $1' },
  {
    name: 'matchReactions',
    description: 'Interest and dismissals on pairs with its needs or offers (both sides\' reactions, as the match views show them).',
    from: 'FROM match_reactions t WHERE t.need_id IN (SELECT id FROM needs WHERE organisation_id = $1) OR t.offer_id IN (SELECT id FROM offers WHERE organisation_id = $1)',
  },
  { name: 'shortlist', description: 'Its shortlist (Merkliste).', from: 'FROM shortlist_entries t WHERE t.organisation_id = $1', orderBy: 't.created_at, t.id' },
  { name: 'readinessChecks', description: 'Its readiness checks (answers and results).', from: 'FROM readiness_checks t WHERE t.organisation_id = $1', orderBy: 't.created_at, t.id' },
  { name: 'verificationHistory', description: 'Every verification and revocation of the organisation.', from: 'FROM organisation_verifications t WHERE t.organisation_id = $1', orderBy: 't.at, t.id' },
  { name: 'cooperations', description: 'Every cooperation it is a party of, proposals included.', from: `FROM cooperations t WHERE t.id IN ${COOPS}`, orderBy: 't.created_at, t.id' },
  { name: 'cooperationHistory', description: 'Every transition of those cooperations (who, when, from, to, note).', from: `FROM cooperation_events t WHERE t.cooperation_id IN ${COOPS}` },
  { name: 'cooperationMessages', description: 'The message threads of those cooperations (both sides).', from: `FROM cooperation_messages t WHERE t.cooperation_id IN ${COOPS}`, orderBy: 't.created_at, t.id' },
  { name: 'agreements', description: 'Every version of their Engagement-Vereinbarungen, drafts included.', from: `FROM agreements t WHERE t.cooperation_id IN ${COOPS}`, orderBy: 't.cooperation_id, t.version' },
  { name: 'cooperationUpdates', description: 'Status updates of the implementation.', from: `FROM cooperation_updates t WHERE t.cooperation_id IN ${COOPS}`, orderBy: 't.created_at, t.id' },
  { name: 'milestones', description: 'Milestones of the implementation.', from: `FROM cooperation_milestones t WHERE t.cooperation_id IN ${COOPS}`, orderBy: 't.created_at, t.id' },
  { name: 'deliveries', description: 'Deliveries (hours, goods, the Gegenleistung) and their confirmations.', from: `FROM cooperation_deliveries t WHERE t.cooperation_id IN ${COOPS}`, orderBy: 't.created_at, t.id' },
  {
    name: 'evaluations',
    description: 'Its own evaluations, and the other side\'s once it may read them (after answering itself, or once the window closed).',
    from: `FROM cooperation_evaluations t JOIN cooperations c ON c.id = t.cooperation_id
           WHERE t.cooperation_id IN ${COOPS}
             AND (t.organisation_id = $1 OR c.status = 'evaluated' OR c.evaluation_closes_at <= now()
                  OR EXISTS (SELECT 1 FROM cooperation_evaluations own WHERE own.cooperation_id = c.id AND own.organisation_id = $1))`,
    orderBy: 't.created_at, t.id',
  },
  { name: 'followUps', description: 'Answers to the follow-ups after marketplaces (was the agreement carried out?).', from: `FROM cooperation_follow_ups t WHERE t.cooperation_id IN ${COOPS}`, orderBy: 't.created_at, t.id' },
  { name: 'marketplaceRegistrations', description: 'Its registrations and invitations to marketplaces.', from: 'FROM marketplace_registrations t WHERE t.organisation_id = $1', orderBy: 't.created_at, t.id' },
  { name: 'meetingWishes', description: '1:1 meeting wishes with it at marketplaces (both sides\' answers).', from: 'FROM meeting_requests t WHERE t.nonprofit_id = $1 OR t.company_id = $1', orderBy: 't.created_at, t.id' },
  {
    name: 'meetings',
    description: 'Its meetings in published meeting schedules (slot and table).',
    from: `FROM meetings t JOIN meeting_schedules s ON s.id = t.schedule_id WHERE (t.nonprofit_id = $1 OR t.company_id = $1) AND s.status IN ('published', 'superseded')`,
  },
  { name: 'apiClients', description: 'The API clients it owns (partner integrations), without secrets.', from: 'FROM api_clients t WHERE t.owner_organisation_id = $1', orderBy: 't.created_at, t.id' },
  { name: 'apiKeys', description: 'Their keys: prefix, validity, revocation (never the secret or its hash).', from: `FROM api_keys t WHERE t.client_id IN ${CLIENTS}`, orderBy: 't.created_at, t.id' },
  { name: 'apiAuditLog', description: 'The audit log of calls made with those keys.', from: `FROM api_audit_log t WHERE t.client_id IN ${CLIENTS}`, orderBy: 't.at, t.id' },
  { name: 'webhooks', description: 'Its webhook subscriptions, without their signing secrets.', from: 'FROM webhook_subscriptions t WHERE t.organisation_id = $1', orderBy: 't.created_at, t.id' },
  {
    name: 'webhookDeliveries',
    description: 'Deliveries to those webhooks (status, attempts, errors).',
    from: 'FROM webhook_deliveries t WHERE t.subscription_id IN (SELECT id FROM webhook_subscriptions WHERE organisation_id = $1)',
    orderBy: 't.created_at, t.id',
  },
  { name: 'notifications', description: 'Notifications to its members about the organisation\'s affairs.', from: 'FROM notifications t WHERE t.organisation_id = $1', orderBy: 't.created_at, t.id' },
  { name: 'events', description: 'Domain events concerning it (the change feed\'s private events, and public ones naming it).', from: 'FROM domain_events t WHERE $1 = ANY(t.organisation_ids)', orderBy: 't.occurred_at, t.id' },
];

/** The user's own account and inbox, then everything they authored (one section per table of USER_REFERENCES). */
export const USER_SECTIONS: readonly ExportSection[] = [
  { name: 'account', description: 'The account (never the password hash).', from: 'FROM users t WHERE t.id = $1' },
  {
    name: 'organisationMembership',
    description: 'The organisation the account belongs to (its profile; the organisation\'s own export has the rest).',
    from: 'FROM organisations t WHERE t.id = (SELECT organisation_id FROM users WHERE id = $1)',
  },
  { name: 'notifications', description: 'The user\'s notifications.', from: `FROM notifications t WHERE t.${USER_OWNED.notifications} = $1`, orderBy: 't.created_at, t.id' },
  { name: 'brokerAppointments', description: 'Marketplaces the user is a broker (Makler) of.', from: `FROM marketplace_brokers t WHERE t.${USER_OWNED.marketplace_brokers} = $1`, orderBy: 't.appointed_at, t.id' },
  ...Object.entries(USER_REFERENCES).map(([table, columns]) => ({
    name: AUTHORED_SECTION[table],
    description: `Rows of ${table} that name the user (${columns.join(', ')}).`,
    from: `FROM ${table} t WHERE ${columns.map((c) => `t.${c} = $1`).join(' OR ')}`,
    orderBy: table === 'agreements' ? 't.cooperation_id, t.version' : 't.id',
  })),
];

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** A row's top-level keys in camelCase, as the API writes them (values untouched). */
export function exportRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), v]));
}
