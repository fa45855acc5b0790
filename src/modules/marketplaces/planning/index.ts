export * from './model';
export { planRound, eventId, type PlanRoundOptions } from './plan-round';
