import { District } from '../modules/districts/district.entity';
import { Match, MatchingWeightsVersion, MatchReaction, TagStatistic } from '../modules/matching/match.entity';
import { Need } from '../modules/needs/need.entity';
import { Offer } from '../modules/offers/offer.entity';
import { Organisation } from '../modules/organisations/organisation.entity';
import { ReadinessCheck, ReadinessQuestionnaire } from '../modules/readiness/readiness.entity';
import { User } from '../modules/users/user.entity';
import { OutboxEvent } from '../queue/outbox.entity';

export const ENTITIES = [District, Organisation, User, Need, Offer, OutboxEvent, Match, MatchReaction, MatchingWeightsVersion, TagStatistic, ReadinessQuestionnaire, ReadinessCheck];
