import type { QuestionnaireDefinition } from '../questionnaire.model';

/**
 * Readiness questionnaire for nonprofits, version 1 (UPJ step 3: Kooperationsbereitschaft und
 * -fähigkeit klären). FROZEN: the migration migrations/1795638534246-Readiness.ts inserts a copy of this
 * content and checks record which version they answered. To change questions, texts or points,
 * add nonprofit.v2 in a new file and a new migration that inserts it and makes it active
 * (scoring.spec.ts fails when this file and the migration's copy differ).
 */
export const NONPROFIT_V1: QuestionnaireDefinition = {
  kind: 'nonprofit',
  version: 'nonprofit.v1',
  title: {
    de: 'Kooperationsbereitschaft und -fähigkeit klären',
    en: 'Readiness and capability to cooperate',
  },
  intro: {
    de: 'Bevor Sie ein Unternehmen ansprechen, klären Sie intern: Was wollen wir erreichen, was können wir einbringen, wer ist zuständig, und steht die Leitung dahinter? Die Antworten bleiben bei Ihrer Organisation, der Bezirksorganisation und den Administratoren.',
    en: 'Before approaching a company, clarify internally: what do we want to achieve, what can we invest, who is responsible, and does the board support it? The answers are visible to your organisation, the district organisers and administrators.',
  },
  thresholds: { medium: 40, high: 75 },
  dimensions: [
    {
      id: 'goals',
      title: { de: 'Ziele der Kooperation', en: 'Goals of the cooperation' },
      description: { de: 'Wissen Sie, was die Kooperation bewirken soll?', en: 'Do you know what the cooperation should achieve?' },
      strength: {
        de: 'Ihre Ziele sind klar: Sie können einem Unternehmen in wenigen Sätzen sagen, was die Zusammenarbeit bewirken soll.',
        en: 'Your goals are clear: you can tell a company in a few sentences what the cooperation should achieve.',
      },
      recommendations: {
        low: [
          {
            de: 'Formulieren Sie vor der ersten Ansprache ein konkretes Vorhaben: Was soll entstehen, für wen, bis wann? Nutzen Sie dafür Ihren Bedarf auf dem Marktplatz (Schritt 2).',
            en: 'Before the first approach, describe one concrete project: what should happen, for whom, by when? Use your published need on the marketplace (step 2) for this.',
          },
        ],
        medium: [
          {
            de: 'Schärfen Sie Ihr Vorhaben: Legen Sie ein messbares Ziel fest (z. B. „20 Jugendliche nehmen am Bewerbungstraining teil“).',
            en: 'Sharpen your project: set one measurable goal (e.g. "20 young people take part in the application training").',
          },
        ],
      },
    },
    {
      id: 'resources',
      title: { de: 'Ressourcen und Zeit', en: 'Resources and time' },
      description: {
        de: 'Können Sie Zeit und Kapazität für Aufbau und Pflege einer Kooperation aufbringen?',
        en: 'Can you invest time and capacity to build and maintain a cooperation?',
      },
      strength: {
        de: 'Sie haben Zeit und Kapazität eingeplant, um eine Kooperation zu begleiten und Unterstützung aufzunehmen.',
        en: 'You have planned time and capacity to look after a cooperation and to take on support.',
      },
      recommendations: {
        low: [
          {
            de: 'Planen Sie feste Zeit ein: Eine Kooperation braucht Vorbereitung, Abstimmung und Nachbereitung – rechnen Sie mit mindestens einigen Stunden im Monat.',
            en: 'Set aside fixed time: a cooperation needs preparation, coordination and follow-up – expect at least a few hours a month.',
          },
          {
            de: 'Beginnen Sie klein, etwa mit einer eintägigen Aktion auf einem „Marktplatz für Gute Geschäfte“, bevor Sie ein längeres Projekt eingehen.',
            en: 'Start small, for instance with a one-day activity at a "Marktplatz für Gute Geschäfte", before committing to a longer project.',
          },
        ],
        medium: [
          {
            de: 'Klären Sie, wer Helfende aus dem Unternehmen anleitet und welche Räume, Materialien und Versicherung dafür bereitstehen.',
            en: 'Clarify who will guide helpers from the company and which rooms, materials and insurance are available.',
          },
        ],
      },
    },
    {
      id: 'contact',
      title: { de: 'Verantwortliche Ansprechperson', en: 'Responsible contact person' },
      description: { de: 'Ist klar, wer die Kooperation verantwortet?', en: 'Is it clear who is responsible for the cooperation?' },
      strength: {
        de: 'Die Zuständigkeit ist geklärt: Unternehmen wissen, an wen sie sich wenden können.',
        en: 'Responsibility is settled: companies know whom to contact.',
      },
      recommendations: {
        low: [
          {
            de: 'Benennen Sie eine Person, die die Kooperation verantwortet, erreichbar ist und Entscheidungen vorbereiten kann.',
            en: 'Name one person who is responsible for the cooperation, can be reached and can prepare decisions.',
          },
        ],
        medium: [
          {
            de: 'Regeln Sie eine Vertretung und tragen Sie die Ansprechperson in Ihrem Profil ein, damit Unternehmen sie direkt finden.',
            en: 'Arrange a deputy and enter the contact person in your profile so that companies find them directly.',
          },
        ],
      },
    },
    {
      id: 'mandate',
      title: { de: 'Rückhalt von Vorstand und Team', en: 'Support of board and team' },
      description: {
        de: 'Stehen Vorstand bzw. Leitung und das Team hinter einer Unternehmenskooperation?',
        en: 'Do the board or management and the team support a cooperation with a company?',
      },
      strength: {
        de: 'Vorstand und Team tragen die Kooperation mit – Zusagen an ein Unternehmen sind gedeckt.',
        en: 'Board and team support the cooperation – commitments to a company are backed.',
      },
      recommendations: {
        low: [
          {
            de: 'Holen Sie die ausdrückliche Zustimmung des Vorstands oder der Leitung ein, am besten als Beschluss, bevor Sie Unternehmen Zusagen machen.',
            en: 'Obtain the explicit agreement of the board or management, ideally as a formal decision, before making commitments to companies.',
          },
          {
            de: 'Besprechen Sie das Vorhaben mit Haupt- und Ehrenamtlichen: Vorbehalte gegenüber Unternehmen lassen sich früh am besten klären.',
            en: 'Discuss the project with staff and volunteers: reservations about companies are best addressed early.',
          },
        ],
        medium: [
          {
            de: 'Halten Sie fest, mit welchen Unternehmen Sie nicht zusammenarbeiten (z. B. wegen Ihres Leitbilds), und lassen Sie diese Kriterien vom Vorstand bestätigen.',
            en: 'Write down which companies you will not work with (e.g. because of your mission statement) and have the board confirm these criteria.',
          },
        ],
      },
    },
    {
      id: 'giveBack',
      title: { de: 'Gegenleistung', en: 'What you give back' },
      description: {
        de: 'Was bekommt das Unternehmen von Ihnen zurück? Kooperationen leben vom Geben und Nehmen.',
        en: 'What does the company get back from you? Cooperations live on give and take.',
      },
      strength: {
        de: 'Sie wissen, welchen Nutzen ein Unternehmen von der Zusammenarbeit hat, und können eine Gegenleistung anbieten.',
        en: 'You know what a company gains from working with you and can offer something in return.',
      },
      recommendations: {
        low: [
          {
            de: 'Überlegen Sie, was Sie zurückgeben können: Einblicke in Ihre Arbeit, Lernerfahrungen für Mitarbeitende, Kontakte im Quartier, Nennung in Ihrer Öffentlichkeitsarbeit oder ein Dankeschön-Fest.',
            en: 'Think about what you can give back: insight into your work, learning experiences for staff, contacts in the neighbourhood, mention in your public relations or a thank-you event.',
          },
        ],
        medium: [
          {
            de: 'Beschreiben Sie den Nutzen für das Unternehmen konkret (z. B. Teamerfahrung, Kompetenzentwicklung, Ansehen im Quartier) und tragen Sie Ihre Gegenleistungen im Profil ein.',
            en: 'Describe the benefit for the company concretely (e.g. team experience, skills development, local reputation) and list your give-backs in your profile.',
          },
        ],
      },
    },
    {
      id: 'expectations',
      title: { de: 'Erwartungen an den Partner', en: 'Expectations of the partner' },
      description: {
        de: 'Wissen Sie, was Sie von einem Unternehmen erwarten und in welcher Form Sie zusammenarbeiten wollen?',
        en: 'Do you know what you expect from a company and how you want to work together?',
      },
      strength: {
        de: 'Ihre Erwartungen sind klar und Sie sind bereit, Leistung und Gegenleistung verbindlich festzuhalten.',
        en: 'Your expectations are clear and you are ready to record what each side gives in a binding way.',
      },
      recommendations: {
        low: [
          {
            de: 'Klären Sie, welche Unterstützung Sie brauchen (Zeit, Fachwissen, Sachmittel, Logistik, Kontakte, Räume) und in welcher Form: einmalige Aktion, Projekt oder langfristige Partnerschaft.',
            en: 'Clarify what support you need (time, expertise, goods, logistics, contacts, space) and in what form: a one-off activity, a project or a long-term partnership.',
          },
        ],
        medium: [
          {
            de: 'Halten Sie Leistung, Gegenleistung, Zeitraum und Ansprechpersonen in einer Engagement-Vereinbarung fest – das schafft Verbindlichkeit auf beiden Seiten.',
            en: 'Record what each side gives, the period and the contact persons in an engagement agreement (Engagement-Vereinbarung) – it makes both sides commit.',
          },
        ],
      },
    },
  ],
  questions: [
    {
      id: 'goals.purpose',
      dimension: 'goals',
      type: 'multi-choice',
      required: true,
      maxPoints: 2,
      text: { de: 'Was wollen Sie mit einer Unternehmenskooperation erreichen?', en: 'What do you want to achieve with a company cooperation?' },
      options: [
        { id: 'extend-services', points: 1, label: { de: 'Unsere Angebote ausbauen oder verbessern', en: 'Extend or improve our services' } },
        { id: 'expertise', points: 1, label: { de: 'Fachwissen gewinnen (z. B. IT, Recht, Marketing)', en: 'Gain expertise (e.g. IT, law, marketing)' } },
        { id: 'helping-hands', points: 1, label: { de: 'Helfende Hände für eine Aktion gewinnen', en: 'Find helping hands for an activity' } },
        { id: 'visibility', points: 1, label: { de: 'Sichtbarer werden im Quartier', en: 'Become more visible in the neighbourhood' } },
        { id: 'network', points: 1, label: { de: 'Neue Kontakte und Netzwerke', en: 'New contacts and networks' } },
        {
          id: 'unclear',
          points: 0,
          exclusive: true,
          label: { de: 'Das wissen wir noch nicht', en: 'We do not know yet' },
          recommendation: {
            de: 'Sammeln Sie im Team zwei, drei Ziele, die ohne Unternehmen schwer erreichbar sind – das ist der Ausgangspunkt jeder Ansprache.',
            en: 'Collect two or three goals in your team that are hard to reach without a company – this is where every approach starts.',
          },
        },
      ],
    },
    {
      id: 'goals.concreteness',
      dimension: 'goals',
      type: 'single-choice',
      required: true,
      text: { de: 'Wie konkret ist Ihr Vorhaben?', en: 'How concrete is your project?' },
      options: [
        {
          id: 'idea',
          points: 0,
          label: { de: 'Eine erste Idee', en: 'A first idea' },
          recommendation: {
            de: 'Schreiben Sie Ihre Idee auf eine Seite: Ziel, Zielgruppe, Zeitraum, was Sie brauchen und was Sie bieten.',
            en: 'Put your idea on one page: goal, target group, period, what you need and what you offer.',
          },
        },
        { id: 'outlined', points: 1, label: { de: 'Grob beschrieben', en: 'Roughly outlined' } },
        { id: 'planned', points: 2, label: { de: 'Konkretes Projekt mit Ziel, Zielgruppe und Zeitraum', en: 'A concrete project with goal, target group and period' } },
      ],
    },
    {
      id: 'goals.summary',
      dimension: 'goals',
      type: 'text',
      required: false,
      maxLength: 1000,
      pointsIfAnswered: 0,
      text: { de: 'Was soll die Kooperation bewirken? (ein bis zwei Sätze)', en: 'What should the cooperation achieve? (one or two sentences)' },
    },
    {
      id: 'resources.hoursPerMonth',
      dimension: 'resources',
      type: 'single-choice',
      required: true,
      text: {
        de: 'Wie viele Stunden im Monat kann Ihre Organisation für Aufbau und Pflege der Kooperation einsetzen?',
        en: 'How many hours a month can your organisation invest in building and maintaining the cooperation?',
      },
      options: [
        {
          id: 'none',
          points: 0,
          label: { de: 'Derzeit keine', en: 'None at the moment' },
          recommendation: {
            de: 'Ohne eigene Zeit gelingt keine Kooperation: Prüfen Sie, welche Aufgabe Sie abgeben oder welche Ehrenamtlichen Sie dafür gewinnen können.',
            en: 'No cooperation works without time of your own: check which task you can hand over or which volunteers could take this on.',
          },
        },
        { id: 'under-4', points: 1, label: { de: 'Weniger als 4 Stunden', en: 'Less than 4 hours' } },
        { id: '4-to-10', points: 2, label: { de: '4 bis 10 Stunden', en: '4 to 10 hours' } },
        { id: 'over-10', points: 3, label: { de: 'Mehr als 10 Stunden', en: 'More than 10 hours' } },
      ],
    },
    {
      id: 'resources.capacity',
      dimension: 'resources',
      type: 'scale',
      required: true,
      min: 1,
      max: 5,
      minLabel: { de: 'kaum', en: 'hardly' },
      maxLabel: { de: 'sehr gut', en: 'very well' },
      text: {
        de: 'Wie gut können Sie Helfende oder Leistungen eines Unternehmens aufnehmen (Anleitung, Räume, Material, Versicherung)?',
        en: 'How well can you take on helpers or contributions from a company (guidance, rooms, materials, insurance)?',
      },
      recommendation: {
        below: 3,
        text: {
          de: 'Bereiten Sie die Aufnahme vor: Wer leitet an, wo wird gearbeitet, welches Material fehlt, sind Helfende über Ihre Vereinsversicherung abgedeckt?',
          en: 'Prepare for taking on help: who guides, where will people work, which materials are missing, are helpers covered by your insurance?',
        },
      },
    },
    {
      id: 'resources.experience',
      dimension: 'resources',
      type: 'single-choice',
      required: false,
      text: { de: 'Haben Sie schon mit Unternehmen zusammengearbeitet?', en: 'Have you worked with companies before?' },
      options: [
        { id: 'never', points: 0, label: { de: 'Noch nie', en: 'Never' } },
        { id: 'occasional', points: 1, label: { de: 'Gelegentlich (einzelne Aktionen oder Sachspenden)', en: 'Occasionally (single activities or donations in kind)' } },
        { id: 'regular', points: 2, label: { de: 'Regelmäßig', en: 'Regularly' } },
      ],
    },
    {
      id: 'contact.responsible',
      dimension: 'contact',
      type: 'yes-no',
      required: true,
      text: { de: 'Gibt es eine verantwortliche Ansprechperson für die Kooperation?', en: 'Is there a responsible contact person for the cooperation?' },
      yes: { points: 2 },
      no: {
        points: 0,
        recommendation: {
          de: 'Legen Sie fest, wer die Kooperation verantwortet, bevor Sie ein Unternehmen ansprechen.',
          en: 'Decide who is responsible for the cooperation before you approach a company.',
        },
      },
    },
    {
      id: 'contact.name',
      dimension: 'contact',
      type: 'text',
      required: false,
      maxLength: 200,
      pointsIfAnswered: 1,
      text: { de: 'Name und Funktion der Ansprechperson', en: 'Name and role of the contact person' },
    },
    {
      id: 'contact.deputy',
      dimension: 'contact',
      type: 'yes-no',
      required: false,
      text: { de: 'Gibt es eine Vertretung?', en: 'Is there a deputy?' },
      yes: { points: 1 },
      no: {
        points: 0,
        recommendation: {
          de: 'Bestimmen Sie eine Vertretung, damit die Kooperation bei Urlaub oder Krankheit nicht stockt.',
          en: 'Appoint a deputy so the cooperation does not stall during holidays or illness.',
        },
      },
    },
    {
      id: 'mandate.board',
      dimension: 'mandate',
      type: 'single-choice',
      required: true,
      text: { de: 'Steht Ihr Vorstand bzw. Ihre Leitung hinter der Kooperation?', en: 'Does your board or management support the cooperation?' },
      options: [
        {
          id: 'not-asked',
          points: 0,
          label: { de: 'Noch nicht gefragt', en: 'Not asked yet' },
          recommendation: {
            de: 'Setzen Sie das Vorhaben auf die nächste Vorstandssitzung und bitten Sie um einen Beschluss.',
            en: 'Put the project on the agenda of the next board meeting and ask for a decision.',
          },
        },
        { id: 'informed', points: 1, label: { de: 'Informiert, aber noch nicht zugestimmt', en: 'Informed, but has not agreed yet' } },
        { id: 'agreed', points: 2, label: { de: 'Hat ausdrücklich zugestimmt', en: 'Has explicitly agreed' } },
      ],
    },
    {
      id: 'mandate.team',
      dimension: 'mandate',
      type: 'scale',
      required: true,
      min: 1,
      max: 5,
      minLabel: { de: 'gar nicht', en: 'not at all' },
      maxLabel: { de: 'voll und ganz', en: 'fully' },
      text: {
        de: 'Wie sehr tragen Haupt- und Ehrenamtliche eine Zusammenarbeit mit Unternehmen mit?',
        en: 'How far do staff and volunteers support working with companies?',
      },
    },
    {
      id: 'mandate.criteria',
      dimension: 'mandate',
      type: 'yes-no',
      required: false,
      text: {
        de: 'Haben Sie festgelegt, mit welchen Unternehmen Sie nicht zusammenarbeiten?',
        en: 'Have you decided which companies you will not work with?',
      },
      yes: { points: 1 },
      no: { points: 0 },
    },
    {
      id: 'giveBack.kinds',
      dimension: 'giveBack',
      type: 'multi-choice',
      required: true,
      maxPoints: 3,
      text: { de: 'Was können Sie einem Unternehmen zurückgeben?', en: 'What can you give back to a company?' },
      options: [
        { id: 'insight', points: 1, label: { de: 'Einblicke in unsere Arbeit und Lernerfahrungen für Mitarbeitende', en: 'Insight into our work and learning experiences for staff' } },
        { id: 'publicity', points: 1, label: { de: 'Nennung in unserer Öffentlichkeitsarbeit', en: 'Mention in our public relations' } },
        { id: 'thank-you', points: 1, label: { de: 'Ein Dankeschön, z. B. Einladung zu einem Fest', en: 'A thank-you, e.g. an invitation to a celebration' } },
        { id: 'expertise', points: 1, label: { de: 'Unser Fachwissen (z. B. Inklusion, Vielfalt, Jugendarbeit)', en: 'Our expertise (e.g. inclusion, diversity, youth work)' } },
        { id: 'contacts', points: 1, label: { de: 'Kontakte im Quartier', en: 'Contacts in the neighbourhood' } },
        {
          id: 'nothing',
          points: 0,
          exclusive: true,
          label: { de: 'Wir wüssten nicht, was', en: 'We would not know what' },
          recommendation: {
            de: 'Jede Organisation hat etwas zurückzugeben: Sammeln Sie im Team, was Unternehmen bei Ihnen erleben und lernen können.',
            en: 'Every organisation has something to give back: collect in your team what companies can experience and learn with you.',
          },
        },
      ],
    },
    {
      id: 'giveBack.benefit',
      dimension: 'giveBack',
      type: 'scale',
      required: false,
      min: 1,
      max: 5,
      minLabel: { de: 'gar nicht', en: 'not at all' },
      maxLabel: { de: 'sehr gut', en: 'very well' },
      text: {
        de: 'Wie gut können Sie den Nutzen einer Zusammenarbeit für das Unternehmen benennen?',
        en: 'How well can you name the benefit of working together for the company?',
      },
    },
    {
      id: 'expectations.support',
      dimension: 'expectations',
      type: 'multi-choice',
      required: true,
      maxPoints: 2,
      text: { de: 'Welche Unterstützung erwarten Sie von einem Unternehmen?', en: 'What support do you expect from a company?' },
      options: [
        { id: 'time', points: 1, label: { de: 'Zeit und Mitarbeit', en: 'Time and helping hands' } },
        { id: 'skills', points: 1, label: { de: 'Fachwissen', en: 'Expertise' } },
        { id: 'goods', points: 1, label: { de: 'Sachmittel', en: 'Goods' } },
        { id: 'logistics', points: 1, label: { de: 'Logistik und Transport', en: 'Logistics and transport' } },
        { id: 'contacts', points: 1, label: { de: 'Kontakte', en: 'Contacts' } },
        { id: 'space', points: 1, label: { de: 'Räume', en: 'Space' } },
        { id: 'unclear', points: 0, exclusive: true, label: { de: 'Noch unklar', en: 'Not clear yet' } },
      ],
    },
    {
      id: 'expectations.form',
      dimension: 'expectations',
      type: 'single-choice',
      required: true,
      text: { de: 'Welche Form der Zusammenarbeit stellen Sie sich vor?', en: 'What form of cooperation do you have in mind?' },
      options: [
        { id: 'unsure', points: 0, label: { de: 'Wissen wir noch nicht', en: 'We do not know yet' } },
        { id: 'one-off', points: 1, label: { de: 'Eine einmalige Aktion', en: 'A one-off activity' } },
        { id: 'project', points: 2, label: { de: 'Ein Projekt über einige Monate', en: 'A project over several months' } },
        { id: 'long-term', points: 2, label: { de: 'Eine langfristige Partnerschaft', en: 'A long-term partnership' } },
      ],
    },
    {
      id: 'expectations.agreement',
      dimension: 'expectations',
      type: 'yes-no',
      required: true,
      text: {
        de: 'Sind Sie bereit, Leistung und Gegenleistung in einer Engagement-Vereinbarung festzuhalten?',
        en: 'Are you willing to record what each side gives in an engagement agreement (Engagement-Vereinbarung)?',
      },
      yes: { points: 2 },
      no: {
        points: 0,
        recommendation: {
          de: 'Eine schriftliche Vereinbarung schützt beide Seiten: Sie hält fest, wer was bis wann leistet. Auf dem Marktplatz wird sie am Notartisch unterschrieben.',
          en: 'A written agreement protects both sides: it records who gives what by when. At a marketplace it is signed at the notary desk.',
        },
      },
    },
    {
      id: 'expectations.notes',
      dimension: 'expectations',
      type: 'text',
      required: false,
      maxLength: 1000,
      pointsIfAnswered: 0,
      text: { de: 'Was sollte ein Partnerunternehmen sonst über Ihre Erwartungen wissen?', en: 'What else should a partner company know about your expectations?' },
    },
  ],
};
