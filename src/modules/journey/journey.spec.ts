import { journeyOf, type JourneyFacts, type StepStatus } from './journey';

const complete = { score: 1, threshold: 0.8, complete: true, missing: [] };
const incomplete = { score: 0.5, threshold: 0.8, complete: false, missing: [{ field: 'website', hint: 'Add your website.' }] };

/** A nonprofit that has done nothing yet beyond signing up. */
const fresh = (over: Partial<JourneyFacts> = {}): JourneyFacts => ({
  organisationId: 'org-1',
  kind: 'nonprofit',
  completeness: incomplete,
  listings: { drafts: 0, published: 0 },
  readiness: { done: false },
  shortlist: { saved: 0, interested: 0 },
  matches: 0,
  proposals: { pendingSent: 0, pendingReceived: 0, accepted: 0, closedWithoutAcceptance: 0 },
  cooperations: { agreed: 0, active: 0, delivered: 0, awaitingEvaluation: 0, evaluated: 0 },
  ...over,
});

type Row = [string, Partial<JourneyFacts>, StepStatus[], number | null];
const N: StepStatus = 'not_started';
const P: StepStatus = 'in_progress';
const D: StepStatus = 'done';

describe('journeyOf: the six UPJ steps from data', () => {
  const rows: Row[] = [
    ['Neu angemeldet: Profil halb ausgefüllt', {}, [P, N, N, N, N, N], 1],
    ['Profil vollständig', { completeness: complete }, [D, N, N, N, N, N], 2],
    ['Bedarf als Entwurf', { completeness: complete, listings: { drafts: 1, published: 0 } }, [D, P, N, N, N, N], 2],
    ['Bedarf veröffentlicht, Matches da', { completeness: complete, listings: { drafts: 0, published: 1 }, matches: 4 }, [D, D, N, P, N, N], 3],
    ['Kooperationscheck erledigt', { completeness: complete, listings: { drafts: 0, published: 1 }, readiness: { done: true } }, [D, D, D, N, N, N], 4],
    ['Match als interessant markiert', { shortlist: { saved: 0, interested: 1 } }, [P, N, N, D, N, N], 1],
    ['Partner gespeichert', { shortlist: { saved: 2, interested: 0 } }, [P, N, N, D, N, N], 1],
    ['Anfrage gesendet, offen', { proposals: { pendingSent: 1, pendingReceived: 0, accepted: 0, closedWithoutAcceptance: 0 } }, [P, N, N, N, P, N], 1],
    ['Anfrage abgelehnt', { proposals: { pendingSent: 0, pendingReceived: 0, accepted: 0, closedWithoutAcceptance: 1 } }, [P, N, N, N, P, N], 1],
    ['Anfrage angenommen', { proposals: { pendingSent: 0, pendingReceived: 0, accepted: 1, closedWithoutAcceptance: 0 } }, [P, N, N, N, D, N], 1],
    ['Vereinbarung unterschrieben', { cooperations: { agreed: 1, active: 0, delivered: 0, awaitingEvaluation: 0, evaluated: 0 } }, [P, N, N, N, N, P], 1],
    ['Geliefert, Auswertung offen', { cooperations: { agreed: 1, active: 0, delivered: 1, awaitingEvaluation: 1, evaluated: 0 } }, [P, N, N, N, N, P], 1],
    [
      'Alles erledigt',
      {
        completeness: complete,
        listings: { drafts: 0, published: 2 },
        readiness: { done: true },
        shortlist: { saved: 1, interested: 1 },
        matches: 3,
        proposals: { pendingSent: 0, pendingReceived: 0, accepted: 1, closedWithoutAcceptance: 0 },
        cooperations: { agreed: 1, active: 0, delivered: 1, awaitingEvaluation: 0, evaluated: 1 },
      },
      [D, D, D, D, D, D],
      null,
    ],
  ];

  it.each(rows)('%s', (_name, facts, statuses, current) => {
    const j = journeyOf(fresh(facts));
    expect(j.steps.map((s) => s.status)).toEqual(statuses);
    expect(j.currentStep).toBe(current);
    expect(j.stepsDone).toBe(statuses.filter((s) => s === D).length);
  });

  it('numbers the steps 1..6 in the UPJ order', () => {
    expect(journeyOf(fresh()).steps.map((s) => [s.step, s.key])).toEqual([
      [1, 'profile'],
      [2, 'needsAndPossibilities'],
      [3, 'readiness'],
      [4, 'partnerSearch'],
      [5, 'winningPartners'],
      [6, 'cooperationProject'],
    ]);
  });

  it('a done step has no missing items and no next action; an open one has both', () => {
    for (const s of journeyOf(fresh({ completeness: complete })).steps) {
      if (s.status === 'done') expect([s.missing, s.nextAction]).toEqual([[], null]);
      else {
        expect(s.missing.length).toBeGreaterThan(0);
        expect(s.nextAction?.path).toMatch(/^\/v1\//);
      }
    }
  });

  it('lists the profile fields still missing, German and English', () => {
    expect(journeyOf(fresh()).steps[0].missing).toEqual([{ de: 'Ergänzen Sie Ihre Website.', en: 'Add your website.' }]);
  });

  it('speaks of offers for companies and of needs for nonprofits', () => {
    expect(journeyOf(fresh({ kind: 'company' })).steps[1].nextAction).toMatchObject({ method: 'POST', path: '/v1/offers' });
    expect(journeyOf(fresh({ listings: { drafts: 1, published: 0 } })).steps[1].nextAction).toMatchObject({ path: '/v1/needs/{id}/publish' });
  });

  it('points to the proposals received when some wait for an answer', () => {
    const j = journeyOf(fresh({ proposals: { pendingSent: 0, pendingReceived: 2, accepted: 0, closedWithoutAcceptance: 0 } }));
    expect(j.steps[4].nextAction?.path).toBe('/v1/cooperations?role=received&status=proposed');
  });

  it('step 6 names what is missing in order: agreement, deliveries, evaluation', () => {
    const j = journeyOf(fresh({ cooperations: { agreed: 1, active: 1, delivered: 0, awaitingEvaluation: 0, evaluated: 0 } }));
    expect(j.steps[5].missing.map((m) => m.en)).toEqual(['Delivered contributions recorded', 'A completed evaluation']);
    expect(j.steps[5].nextAction?.path).toBe('/v1/cooperations/{id}/deliveries');
  });
});
