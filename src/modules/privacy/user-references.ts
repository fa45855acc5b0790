/**
 * Every column that names a user (besides `users.id`), table by table. Deleting an account sets
 * these to NULL (the records stay, without the person), and a user's export lists the rows they
 * authored through them. A test compares this list with the schema, so a new column naming a user
 * fails the suite until it is added here.
 */
export const USER_REFERENCES: Readonly<Record<string, readonly string[]>> = {
  agreements: ['created_by_user_id', 'nonprofit_signed_by_user_id', 'company_signed_by_user_id'],
  api_clients: ['created_by_user_id'],
  cooperation_deliveries: ['recorded_by_user_id', 'confirmed_by_user_id'],
  cooperation_evaluations: ['submitted_by_user_id'],
  cooperation_events: ['actor_user_id'],
  cooperation_follow_ups: ['submitted_by_user_id'],
  cooperation_messages: ['author_user_id'],
  cooperation_milestones: ['created_by_user_id', 'done_by_user_id'],
  cooperation_updates: ['author_user_id'],
  cooperations: ['proposed_by_user_id'],
  marketplace_brokers: ['appointed_by_user_id'],
  marketplace_registrations: ['registered_by_user_id'],
  matching_weights: ['created_by'],
  meeting_schedules: ['requested_by_user_id', 'published_by_user_id'],
  organisation_verifications: ['by_user_id'],
  organisations: ['verified_by'],
  readiness_checks: ['completed_by'],
  rounds: ['created_by_user_id'],
  shortlist_entries: ['created_by'],
  webhook_subscriptions: ['created_by_user_id'],
};

/** Rows that belong to the user and go with the account (ON DELETE CASCADE). */
export const USER_OWNED: Readonly<Record<string, string>> = {
  notifications: 'user_id',
  marketplace_brokers: 'user_id',
};

/** The export section of the rows a user authored in each table. */
export const AUTHORED_SECTION: Readonly<Record<keyof typeof USER_REFERENCES & string, string>> = {
  agreements: 'agreementsDraftedOrSigned',
  api_clients: 'apiClientsCreated',
  cooperation_deliveries: 'deliveriesRecordedOrConfirmed',
  cooperation_evaluations: 'evaluationsSubmitted',
  cooperation_events: 'cooperationStepsTaken',
  cooperation_follow_ups: 'followUpsAnswered',
  cooperation_messages: 'messagesWritten',
  cooperation_milestones: 'milestonesCreatedOrDone',
  cooperation_updates: 'statusUpdatesWritten',
  cooperations: 'proposalsSent',
  marketplace_brokers: 'brokersAppointed',
  marketplace_registrations: 'registrationsMade',
  matching_weights: 'matchingWeightsSaved',
  meeting_schedules: 'meetingSchedulesRequestedOrPublished',
  organisation_verifications: 'verificationsDone',
  organisations: 'organisationsVerified',
  readiness_checks: 'readinessChecksCompleted',
  rounds: 'roundsCreated',
  shortlist_entries: 'shortlistEntriesCreated',
  webhook_subscriptions: 'webhooksCreated',
};
