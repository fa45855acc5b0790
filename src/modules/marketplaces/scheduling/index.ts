export * from './model';
export { scheduleMeetings } from './schedule';
export { greedyFirstFreeSlot, type GreedyResult } from './greedy';
