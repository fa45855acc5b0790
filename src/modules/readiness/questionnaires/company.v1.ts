import type { QuestionnaireDefinition } from '../questionnaire.model';

/**
 * Readiness questionnaire for companies, version 1 (the company side of UPJ step 3: engagement
 * goals, staff time, decision maker). FROZEN: the migration migrations/1795638534246-Readiness.ts inserts a copy
 * of this content. Changes go into company.v2 and a new migration (see nonprofit.v1.ts).
 */
export const COMPANY_V1: QuestionnaireDefinition = {
  kind: 'company',
  version: 'company.v1',
  title: {
    de: 'Engagementbereitschaft Ihres Unternehmens klären',
    en: 'Your company\'s readiness to engage',
  },
  intro: {
    de: 'Gutes Engagement im Quartier braucht Ziele, Zeit der Mitarbeitenden, eine Entscheidung der Geschäftsführung und jemanden, der es koordiniert. Die Antworten sehen Ihr Unternehmen, die Bezirksorganisation und die Administratoren.',
    en: 'Good engagement in the neighbourhood needs goals, staff time, a decision by management and someone to coordinate it. The answers are visible to your company, the district organisers and administrators.',
  },
  thresholds: { medium: 40, high: 75 },
  dimensions: [
    {
      id: 'goals',
      title: { de: 'Engagementziele', en: 'Engagement goals' },
      description: { de: 'Wissen Sie, was Ihr Engagement bewirken soll – im Quartier und im Unternehmen?', en: 'Do you know what your engagement should achieve – in the neighbourhood and in the company?' },
      strength: {
        de: 'Ihre Engagementziele sind klar und passen zu dem, was Ihr Unternehmen kann.',
        en: 'Your engagement goals are clear and fit what your company is good at.',
      },
      recommendations: {
        low: [
          {
            de: 'Legen Sie fest, was Ihr Engagement bewirken soll, im Quartier und im Unternehmen (z. B. Kompetenzen der Mitarbeitenden, Zusammenhalt im Team).',
            en: 'Decide what your engagement should achieve, in the neighbourhood and in the company (e.g. staff skills, team spirit).',
          },
        ],
        medium: [
          {
            de: 'Suchen Sie ein Engagement nahe an Ihrem Kerngeschäft: Was Ihre Mitarbeitenden täglich gut können, hilft gemeinnützigen Organisationen oft am meisten.',
            en: 'Look for engagement close to your core business: what your staff are good at every day often helps nonprofits most.',
          },
        ],
      },
    },
    {
      id: 'staffTime',
      title: { de: 'Zeit der Mitarbeitenden', en: 'Staff time' },
      description: { de: 'Können Mitarbeitende Zeit für das Engagement einbringen?', en: 'Can staff invest time in the engagement?' },
      strength: {
        de: 'Ihre Mitarbeitenden haben Zeit für das Engagement, und diese Zeit ist geregelt.',
        en: 'Your staff have time for the engagement, and this time is arranged.',
      },
      recommendations: {
        low: [
          {
            de: 'Legen Sie ein Stundenkontingent fest, das Mitarbeitende im Jahr für Engagement einsetzen können, und regeln Sie, ob es als Arbeitszeit zählt.',
            en: 'Set a yearly number of hours staff may spend on engagement, and decide whether it counts as working time.',
          },
        ],
        medium: [
          {
            de: 'Fragen Sie Ihre Mitarbeitenden, wofür sie sich engagieren möchten – Engagement, das sie selbst wählen, trägt länger.',
            en: 'Ask your staff what they would like to engage in – engagement they choose themselves lasts longer.',
          },
        ],
      },
    },
    {
      id: 'decisionMaker',
      title: { de: 'Entscheidung der Geschäftsführung', en: 'Decision by management' },
      description: { de: 'Hat die Geschäftsführung dem Engagement zugestimmt, und ist klar, wer entscheidet?', en: 'Has management agreed to the engagement, and is it clear who decides?' },
      strength: {
        de: 'Die Geschäftsführung steht hinter dem Engagement, und Entscheidungen können schnell getroffen werden.',
        en: 'Management backs the engagement, and decisions can be made quickly.',
      },
      recommendations: {
        low: [
          {
            de: 'Holen Sie die Zustimmung der Geschäftsführung ein und klären Sie, wer über Zusagen an gemeinnützige Organisationen entscheidet.',
            en: 'Get management\'s agreement and clarify who decides on commitments to nonprofits.',
          },
        ],
        medium: [
          {
            de: 'Geben Sie der koordinierenden Person einen klaren Rahmen (Stunden, Sachmittel), in dem sie selbst zusagen kann.',
            en: 'Give the coordinating person a clear scope (hours, goods) within which they can commit on their own.',
          },
        ],
      },
    },
    {
      id: 'contact',
      title: { de: 'Koordination', en: 'Coordination' },
      description: { de: 'Gibt es jemanden, der das Engagement koordiniert?', en: 'Is there someone who coordinates the engagement?' },
      strength: {
        de: 'Das Engagement ist koordiniert, und die Belegschaft weiß davon.',
        en: 'The engagement is coordinated, and the staff know about it.',
      },
      recommendations: {
        low: [
          {
            de: 'Benennen Sie eine Person, die das Engagement koordiniert und für gemeinnützige Partner erreichbar ist.',
            en: 'Name a person who coordinates the engagement and can be reached by nonprofit partners.',
          },
        ],
        medium: [
          {
            de: 'Machen Sie das Engagement intern bekannt (Intranet, Betriebsversammlung), damit sich Mitarbeitende beteiligen können.',
            en: 'Make the engagement known internally (intranet, staff meeting) so that staff can take part.',
          },
        ],
      },
    },
    {
      id: 'contribution',
      title: { de: 'Was Sie einbringen', en: 'What you contribute' },
      description: { de: 'Was kann Ihr Unternehmen außer Zeit einbringen?', en: 'What can your company contribute besides time?' },
      strength: {
        de: 'Sie können mehr als Zeit einbringen: Fachwissen, Sachmittel, Logistik, Räume oder Kontakte.',
        en: 'You can contribute more than time: expertise, goods, logistics, space or contacts.',
      },
      recommendations: {
        low: [
          {
            de: 'Prüfen Sie, was Ihr Unternehmen außer Zeit einbringen kann: Fachwissen, Produkte, Transporte, Räume, Kontakte – alles außer Geld.',
            en: 'Check what your company can contribute besides time: expertise, products, transport, space, contacts – everything but money.',
          },
        ],
        medium: [
          {
            de: 'Beschreiben Sie Ihre Leistungen als Angebote auf dem Marktplatz, damit gemeinnützige Organisationen sie finden.',
            en: 'Describe what you can give as offers on the marketplace so that nonprofits can find them.',
          },
        ],
      },
    },
    {
      id: 'expectations',
      title: { de: 'Erwartungen an die Zusammenarbeit', en: 'Expectations of the cooperation' },
      description: { de: 'Wissen Sie, wie Sie zusammenarbeiten wollen, und planen Sie auf Augenhöhe?', en: 'Do you know how you want to work together, and do you plan as equals?' },
      strength: {
        de: 'Sie planen auf Augenhöhe mit der gemeinnützigen Organisation und sind bereit, die Zusammenarbeit verbindlich festzuhalten.',
        en: 'You plan as equals with the nonprofit and are ready to record the cooperation in a binding way.',
      },
      recommendations: {
        low: [
          {
            de: 'Gehen Sie vom Bedarf der gemeinnützigen Organisation aus: Fragen Sie, was dort gebraucht wird, bevor Sie ein Projekt festlegen.',
            en: 'Start from the nonprofit\'s needs: ask what is needed there before you settle on a project.',
          },
        ],
        medium: [
          {
            de: 'Halten Sie Leistung, Gegenleistung, Zeitraum und Ansprechpersonen in einer Engagement-Vereinbarung fest.',
            en: 'Record what each side gives, the period and the contact persons in an engagement agreement (Engagement-Vereinbarung).',
          },
        ],
      },
    },
  ],
  questions: [
    {
      id: 'goals.aims',
      dimension: 'goals',
      type: 'multi-choice',
      required: true,
      maxPoints: 2,
      text: { de: 'Was wollen Sie mit Ihrem Engagement erreichen?', en: 'What do you want to achieve with your engagement?' },
      options: [
        { id: 'local-impact', points: 1, label: { de: 'Das Quartier an unserem Standort stärken', en: 'Strengthen the neighbourhood around our site' } },
        { id: 'staff-development', points: 1, label: { de: 'Kompetenzen unserer Mitarbeitenden entwickeln', en: 'Develop our staff\'s skills' } },
        { id: 'team-spirit', points: 1, label: { de: 'Zusammenhalt im Team', en: 'Team spirit' } },
        { id: 'employer-appeal', points: 1, label: { de: 'Attraktiver Arbeitgeber sein', en: 'Be an attractive employer' } },
        { id: 'network', points: 1, label: { de: 'Kontakte und Netzwerke im Quartier', en: 'Contacts and networks in the neighbourhood' } },
        {
          id: 'unclear',
          points: 0,
          exclusive: true,
          label: { de: 'Das wissen wir noch nicht', en: 'We do not know yet' },
          recommendation: {
            de: 'Besprechen Sie in der Geschäftsführung und mit Mitarbeitenden, was das Engagement bewirken soll; zwei klare Ziele genügen für den Anfang.',
            en: 'Discuss with management and staff what the engagement should achieve; two clear goals are enough to start.',
          },
        },
      ],
    },
    {
      id: 'goals.fit',
      dimension: 'goals',
      type: 'single-choice',
      required: true,
      text: { de: 'Hängt das Engagement mit Ihrem Kerngeschäft oder Ihren Kompetenzen zusammen?', en: 'Is the engagement related to your core business or skills?' },
      options: [
        { id: 'none', points: 0, label: { de: 'Nein', en: 'No' } },
        { id: 'partly', points: 1, label: { de: 'Teilweise', en: 'Partly' } },
        { id: 'strongly', points: 2, label: { de: 'Ja, eng', en: 'Yes, closely' } },
      ],
    },
    {
      id: 'staffTime.hoursPerYear',
      dimension: 'staffTime',
      type: 'single-choice',
      required: true,
      text: { de: 'Wie viele Arbeitsstunden können Mitarbeitende im Jahr einbringen?', en: 'How many working hours a year can staff contribute?' },
      options: [
        {
          id: 'none',
          points: 0,
          label: { de: 'Derzeit keine', en: 'None at the moment' },
          recommendation: {
            de: 'Schon ein Aktionstag mit einem kleinen Team (etwa 5 Personen × 6 Stunden) ist ein guter Anfang.',
            en: 'A single action day with a small team (about 5 people × 6 hours) is a good start.',
          },
        },
        { id: 'under-20', points: 1, label: { de: 'Weniger als 20 Stunden', en: 'Less than 20 hours' } },
        { id: '20-to-100', points: 2, label: { de: '20 bis 100 Stunden', en: '20 to 100 hours' } },
        { id: 'over-100', points: 3, label: { de: 'Mehr als 100 Stunden', en: 'More than 100 hours' } },
      ],
    },
    {
      id: 'staffTime.workingTime',
      dimension: 'staffTime',
      type: 'single-choice',
      required: true,
      text: { de: 'Zählt die Engagementzeit als Arbeitszeit?', en: 'Does engagement time count as working time?' },
      options: [
        {
          id: 'no',
          points: 0,
          label: { de: 'Nein', en: 'No' },
          recommendation: {
            de: 'Stellen Sie Mitarbeitende für Engagement frei, zumindest teilweise: Engagement allein in der Freizeit erreicht nur wenige.',
            en: 'Release staff for engagement, at least partly: engagement in spare time only reaches a few.',
          },
        },
        { id: 'partly', points: 1, label: { de: 'Teilweise', en: 'Partly' } },
        { id: 'yes', points: 2, label: { de: 'Ja', en: 'Yes' } },
      ],
    },
    {
      id: 'staffTime.interest',
      dimension: 'staffTime',
      type: 'scale',
      required: false,
      min: 1,
      max: 5,
      minLabel: { de: 'gering', en: 'low' },
      maxLabel: { de: 'sehr groß', en: 'very high' },
      text: { de: 'Wie groß ist das Interesse Ihrer Mitarbeitenden?', en: 'How interested are your staff?' },
    },
    {
      id: 'decisionMaker.approval',
      dimension: 'decisionMaker',
      type: 'single-choice',
      required: true,
      text: { de: 'Hat die Geschäftsführung dem Engagement zugestimmt?', en: 'Has management agreed to the engagement?' },
      options: [
        {
          id: 'not-asked',
          points: 0,
          label: { de: 'Noch nicht gefragt', en: 'Not asked yet' },
          recommendation: {
            de: 'Stellen Sie der Geschäftsführung das Vorhaben kurz vor: Ziele, Stunden, was das Unternehmen gewinnt.',
            en: 'Present the plan to management briefly: goals, hours, what the company gains.',
          },
        },
        { id: 'informed', points: 1, label: { de: 'Informiert, aber noch nicht zugestimmt', en: 'Informed, but has not agreed yet' } },
        { id: 'approved', points: 2, label: { de: 'Hat zugestimmt', en: 'Has agreed' } },
      ],
    },
    {
      id: 'decisionMaker.name',
      dimension: 'decisionMaker',
      type: 'text',
      required: false,
      maxLength: 200,
      pointsIfAnswered: 1,
      text: { de: 'Wer entscheidet über das Engagement? (Name, Funktion)', en: 'Who decides on the engagement? (name, role)' },
    },
    {
      id: 'decisionMaker.scope',
      dimension: 'decisionMaker',
      type: 'yes-no',
      required: false,
      text: {
        de: 'Kann die koordinierende Person in einem vereinbarten Rahmen selbst zusagen?',
        en: 'Can the coordinating person commit on their own within an agreed scope?',
      },
      yes: { points: 1 },
      no: { points: 0 },
    },
    {
      id: 'contact.coordinator',
      dimension: 'contact',
      type: 'yes-no',
      required: true,
      text: { de: 'Gibt es eine Person, die das Engagement koordiniert?', en: 'Is there a person who coordinates the engagement?' },
      yes: { points: 2 },
      no: {
        points: 0,
        recommendation: {
          de: 'Benennen Sie eine koordinierende Person, oft aus Personal, Kommunikation oder Nachhaltigkeit, und geben Sie ihr Zeit dafür.',
          en: 'Name a coordinator, often from HR, communications or sustainability, and give them time for it.',
        },
      },
    },
    {
      id: 'contact.internal',
      dimension: 'contact',
      type: 'yes-no',
      required: false,
      text: { de: 'Informieren Sie die Belegschaft über das Engagement?', en: 'Do you inform your staff about the engagement?' },
      yes: { points: 1 },
      no: { points: 0 },
    },
    {
      id: 'contribution.kinds',
      dimension: 'contribution',
      type: 'multi-choice',
      required: true,
      maxPoints: 2,
      text: { de: 'Was kann Ihr Unternehmen außer Zeit einbringen?', en: 'What can your company contribute besides time?' },
      options: [
        { id: 'skills', points: 1, label: { de: 'Fachwissen (Pro-bono-Beratung)', en: 'Expertise (pro bono advice)' } },
        { id: 'goods', points: 1, label: { de: 'Sachmittel und Produkte', en: 'Goods and products' } },
        { id: 'logistics', points: 1, label: { de: 'Logistik und Transport', en: 'Logistics and transport' } },
        { id: 'space', points: 1, label: { de: 'Räume', en: 'Space' } },
        { id: 'contacts', points: 1, label: { de: 'Kontakte', en: 'Contacts' } },
        { id: 'time-only', points: 0, exclusive: true, label: { de: 'Nur Zeit', en: 'Time only' } },
      ],
    },
    {
      id: 'expectations.form',
      dimension: 'expectations',
      type: 'single-choice',
      required: true,
      text: { de: 'Welche Form der Zusammenarbeit passt zu Ihnen?', en: 'What form of cooperation suits you?' },
      options: [
        { id: 'unsure', points: 0, label: { de: 'Wissen wir noch nicht', en: 'We do not know yet' } },
        { id: 'one-off', points: 1, label: { de: 'Eine einmalige Aktion', en: 'A one-off activity' } },
        { id: 'project', points: 2, label: { de: 'Ein Projekt über einige Monate', en: 'A project over several months' } },
        { id: 'long-term', points: 2, label: { de: 'Eine langfristige Partnerschaft', en: 'A long-term partnership' } },
      ],
    },
    {
      id: 'expectations.eyeLevel',
      dimension: 'expectations',
      type: 'scale',
      required: true,
      min: 1,
      max: 5,
      minLabel: { de: 'wenig', en: 'little' },
      maxLabel: { de: 'voll und ganz', en: 'fully' },
      text: {
        de: 'Wie weit sind Sie bereit, das Vorhaben gemeinsam mit der gemeinnützigen Organisation auf Augenhöhe zu planen?',
        en: 'How far are you willing to plan the project together with the nonprofit, as equals?',
      },
      recommendation: {
        below: 3,
        text: {
          de: 'Planen Sie gemeinsam: Die gemeinnützige Organisation kennt ihre Zielgruppe und weiß, welche Hilfe wirklich nützt.',
          en: 'Plan together: the nonprofit knows its target group and what help is really useful.',
        },
      },
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
          de: 'Eine schriftliche Vereinbarung schützt beide Seiten: Sie hält fest, wer was bis wann leistet.',
          en: 'A written agreement protects both sides: it records who gives what by when.',
        },
      },
    },
    {
      id: 'expectations.giveBack',
      dimension: 'expectations',
      type: 'multi-choice',
      required: false,
      maxPoints: 0,
      text: { de: 'Was wünschen Sie sich von der gemeinnützigen Organisation zurück? (informativ, ohne Punkte)', en: 'What would you like back from the nonprofit? (for information, no points)' },
      options: [
        { id: 'insight', points: 0, label: { de: 'Einblicke in soziale Arbeit', en: 'Insight into social work' } },
        { id: 'staff-learning', points: 0, label: { de: 'Lernerfahrungen für Mitarbeitende', en: 'Learning experiences for staff' } },
        { id: 'publicity', points: 0, label: { de: 'Nennung in der Öffentlichkeitsarbeit', en: 'Mention in public relations' } },
        { id: 'thank-you', points: 0, label: { de: 'Ein Dankeschön', en: 'A thank-you' } },
        { id: 'nothing', points: 0, exclusive: true, label: { de: 'Nichts Bestimmtes', en: 'Nothing in particular' } },
      ],
    },
  ],
};
