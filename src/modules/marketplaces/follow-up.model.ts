import { zonedTime } from './rounds.plan';

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

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  /** seconds and milliseconds, kept as they are (Berlin's offsets are whole minutes) */
  ms: number;
}

function wallTime(at: Date, timeZone: string): Wall {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), ms: at.getTime() - Math.floor(at.getTime() / 60_000) * 60_000 };
}

const pad = (n: number) => String(n).padStart(2, '0');

function instant(w: Wall, timeZone: string): Date {
  // Normalise the calendar date (day 32 → the next month) through UTC arithmetic.
  const day = new Date(Date.UTC(w.y, w.mo - 1, w.d));
  const date = `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;
  return new Date(zonedTime(date, `${pad(w.h)}:${pad(w.mi)}`, timeZone).getTime() + w.ms);
}

/**
 * When a stage is due: the event's end moved on by calendar days (first) or calendar months
 * (second) on Berlin's wall clock, so 19:00 stays 19:00 across a change to or from summer time.
 * A month without the day (31 → 30 June, 29/30/31 → February) takes its last day.
 */
export function followUpDueAt(endsAt: Date, stage: FollowUpStage, offsets: FollowUpOffsets, timeZone = FOLLOW_UP_TIME_ZONE): Date {
  const w = wallTime(endsAt, timeZone);
  if (stage === 'first') return instant({ ...w, d: w.d + offsets.firstDays }, timeZone);
  const months = w.mo - 1 + offsets.secondMonths;
  const y = w.y + Math.floor(months / 12);
  const mo = (months % 12) + 1;
  const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return instant({ ...w, y, mo, d: Math.min(w.d, lastDay) }, timeZone);
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
