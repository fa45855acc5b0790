import { addDays, addMonths, wallClock, zonedTime } from '../../common/time/calendar';

/**
 * Follow-ups after a marketplace (pure: no Nest, no database). Two stages: `first` (by default
 * 14 days after the event's end) and `second` (3 calendar months after it). At each, both parties
 * of every agreement signed at the event are asked whether it was carried out.
 */
export const FOLLOW_UP_STAGES = ['first', 'second'] as const;
export type FollowUpStage = (typeof FOLLOW_UP_STAGES)[number];

/** A party's answer: carried out, still in progress, or not carried out (and not going to be). */
export const FOLLOW_UP_OUTCOMES = ['carried_out', 'in_progress', 'not_carried_out'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

export const FOLLOW_UP_TIME_ZONE = 'Europe/Berlin';

export interface FollowUpOffsets {
  /** the first stage: this many calendar days after the end */
  firstDays: number;
  /** the second stage: this many calendar months after the end */
  secondMonths: number;
}

/**
 * When a stage is due: the event's end moved on by calendar days (first) or calendar months
 * (second) on Berlin's wall clock, so 19:00 stays 19:00 across a change to or from summer time.
 * A month without the day (31 → 30 June, 29/30/31 → February) takes its last day.
 */
export function followUpDueAt(endsAt: Date, stage: FollowUpStage, offsets: FollowUpOffsets, timeZone = FOLLOW_UP_TIME_ZONE): Date {
  const { date, time, msInMinute } = wallClock(endsAt, timeZone);
  const day = stage === 'first' ? addDays(date, offsets.firstDays) : addMonths(date, offsets.secondMonths);
  return new Date(zonedTime(day, time, timeZone).getTime() + msInMinute);
}

/** A stage is open for answers once the reminder went out or its due time has come. */
export const isStageOpen = (row: { dueAt: Date; sentAt: Date | null } | undefined, now: Date): boolean =>
  !!row && (row.sentAt !== null || row.dueAt.getTime() <= now.getTime());

export interface FollowUpAnswer {
  stage: FollowUpStage;
  outcome: FollowUpOutcome;
}

/** What the answers say about one signed agreement; `no_answer` when nobody answered yet. */
export type AgreementOutcome = FollowUpOutcome | 'no_answer';

/**
 * The outcome of one agreement from its parties' follow-up answers (up to two sides × two stages):
 * carried out as soon as any answer says so (one side reporting it is enough, and it stays done);
 * otherwise the answers of the latest stage anybody answered decide: in progress if one side says
 * so, else not carried out.
 */
export function agreementOutcome(answers: readonly FollowUpAnswer[]): AgreementOutcome {
  if (!answers.length) return 'no_answer';
  if (answers.some((a) => a.outcome === 'carried_out')) return 'carried_out';
  const latest = Math.max(...answers.map((a) => FOLLOW_UP_STAGES.indexOf(a.stage)));
  const current = answers.filter((a) => FOLLOW_UP_STAGES.indexOf(a.stage) === latest);
  return current.some((a) => a.outcome === 'in_progress') ? 'in_progress' : 'not_carried_out';
}
