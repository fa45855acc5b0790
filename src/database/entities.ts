import { ApiAuditEntry, ApiClient, ApiKey } from '../modules/api-clients/api-client.entity';
import { Agreement } from '../modules/cooperations/agreement.entity';
import { Cooperation, CooperationEvent, CooperationMessage } from '../modules/cooperations/cooperation.entity';
import { CooperationDelivery, CooperationEvaluation, CooperationMilestone, CooperationUpdate } from '../modules/cooperations/implementation.entity';
import { MarketplaceBroker } from '../modules/marketplaces/broker.entity';
import { CooperationFollowUp, MarketplaceFollowUp } from '../modules/marketplaces/follow-up.entity';
import { Marketplace, MarketplaceRegistration, Meeting, MeetingRequest, MeetingSchedule, Round, RoundVenue } from '../modules/marketplaces/marketplace.entity';
import { District } from '../modules/districts/district.entity';
import { IdempotencyKey } from '../modules/idempotency/idempotency-key.entity';
import { DomainEvent } from '../modules/events/domain-event.entity';
import { Match, MatchingWeightsVersion, MatchReaction, TagStatistic } from '../modules/matching/match.entity';
import { Need } from '../modules/needs/need.entity';
import { Notification } from '../modules/notifications/notification.entity';
import { Offer } from '../modules/offers/offer.entity';
import { Organisation } from '../modules/organisations/organisation.entity';
import { ReadinessCheck, ReadinessQuestionnaire } from '../modules/readiness/readiness.entity';
import { ShortlistEntry } from '../modules/shortlist/shortlist-entry.entity';
import { OrganisationVerification } from '../modules/trust/organisation-verification.entity';
import { User } from '../modules/users/user.entity';
import { WebhookDelivery, WebhookDeliveryAttempt, WebhookSubscription } from '../modules/webhooks/webhook.entity';
import { OutboxEvent } from '../queue/outbox.entity';

export const ENTITIES = [District, Organisation, User, Need, Offer, OutboxEvent, Match, MatchReaction, MatchingWeightsVersion, TagStatistic,
  Cooperation, CooperationEvent, CooperationMessage, Agreement, CooperationUpdate, CooperationMilestone, CooperationDelivery, CooperationEvaluation,
  Notification,
  ReadinessQuestionnaire, ReadinessCheck,
  OrganisationVerification, ShortlistEntry,
  Round, RoundVenue, Marketplace, MarketplaceRegistration, MeetingRequest, MeetingSchedule, Meeting,
  MarketplaceBroker, MarketplaceFollowUp, CooperationFollowUp,
  IdempotencyKey, ApiClient, ApiKey, ApiAuditEntry,
  DomainEvent, WebhookSubscription, WebhookDelivery, WebhookDeliveryAttempt];
