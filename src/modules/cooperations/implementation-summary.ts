import type { GiveBackKind, Unit } from '../../common/domain/vocabulary';
import type { CooperationSide } from './implementation.entity';

/** What the summary reads of the agreement in force (numeric columns arrive as strings). */
export interface AgreedTerms {
  version: number;
  contributionQuantity: number | string;
  contributionUnit: Unit;
  estimatedHours: number | string | null;
  giveBackKind: GiveBackKind;
}

export interface DeliveryFacts {
  side: CooperationSide;
  hours: number | string | null;
  quantity: number | string | null;
  unit: Unit | null;
  confirmedAt: Date | string | null;
}

export interface DeliverySummary {
  /** The agreement version the figures compare with (the one in force), or null when none is signed yet. */
  agreementVersion: number | null;
  agreed: { hours: number | null; quantity: number | null; unit: Unit | null; giveBackKind: GiveBackKind | null };
  /** The company's Leistung as recorded; `confirmed*` counts only what the nonprofit confirmed. */
  delivered: { hours: number; quantity: number; confirmedHours: number; confirmedQuantity: number; records: number };
  /** delivered quantity / agreed quantity (2 decimals; above 1 when more was delivered), null without an agreement. */
  realisation: number | null;
  /** The nonprofit's Gegenleistung: recorded at least once / confirmed by the company. */
  giveBack: { delivered: boolean; confirmed: boolean; records: number };
}

const num = (v: number | string | null | undefined) => (v === null || v === undefined || v === '' ? null : Number(v));
const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * How much of one company delivery counts towards the agreed quantity: its quantity when in the
 * agreed unit; for an agreement in hours, a delivery that only gives hours counts them.
 */
function towardsAgreed(d: DeliveryFacts, unit: Unit | null): number {
  if (!unit) return 0;
  if (d.quantity !== null && d.unit === unit) return num(d.quantity) ?? 0;
  if (unit === 'hours' && d.quantity === null) return num(d.hours) ?? 0;
  return 0;
}

/** Agreed against delivered (UPJ step 6, "umsetzen"): pure, from the agreement in force and the delivery records. */
export function summariseDeliveries(agreement: AgreedTerms | null, deliveries: DeliveryFacts[]): DeliverySummary {
  const unit = agreement?.contributionUnit ?? null;
  const company = deliveries.filter((d) => d.side === 'company');
  const giveBacks = deliveries.filter((d) => d.side === 'nonprofit');
  const sum = (rows: DeliveryFacts[], f: (d: DeliveryFacts) => number) => round2(rows.reduce((s, d) => s + f(d), 0));
  const confirmed = company.filter((d) => d.confirmedAt);
  const agreedQuantity = num(agreement?.contributionQuantity);
  const quantity = sum(company, (d) => towardsAgreed(d, unit));
  return {
    agreementVersion: agreement?.version ?? null,
    agreed: { hours: num(agreement?.estimatedHours), quantity: agreedQuantity, unit, giveBackKind: agreement?.giveBackKind ?? null },
    delivered: {
      hours: sum(company, (d) => num(d.hours) ?? 0),
      quantity,
      confirmedHours: sum(confirmed, (d) => num(d.hours) ?? 0),
      confirmedQuantity: sum(confirmed, (d) => towardsAgreed(d, unit)),
      records: company.length,
    },
    realisation: agreedQuantity ? round2(quantity / agreedQuantity) : null,
    giveBack: { delivered: giveBacks.length > 0, confirmed: giveBacks.some((d) => d.confirmedAt), records: giveBacks.length },
  };
}

/**
 * Whether a reader sees the other side's evaluation: organisers and admins (no side) always; a
 * party only after it answered itself or once the evaluation window closed, so that neither
 * answer is written in reaction to the other.
 */
export function seesOtherEvaluation(viewerSide: CooperationSide | null, ownAnswered: boolean, windowClosed: boolean): boolean {
  return viewerSide === null || ownAnswered || windowClosed;
}
