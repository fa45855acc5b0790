import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Readiness check (UPJ step 3): questionnaire versions stored as data, and the submitted checks.
 * Tables generated from the entities (npm run cli -- migration:generate Readiness); the seed rows
 * (nonprofit.v1 and company.v1, both active) added by hand.
 *
 * READINESS_V1 is a FROZEN copy of src/modules/readiness/questionnaires/{nonprofit,company}.v1.ts
 * as they were when this migration was written. A migration never changes: new questions, texts or
 * points go into a new version (a new data file and a new migration inserting it and switching
 * `active`). src/modules/readiness/scoring.spec.ts checks that the data files still equal this copy.
 */
export const READINESS_V1 = [
  {
    "kind": "nonprofit",
    "version": "nonprofit.v1",
    "title": {
      "de": "Kooperationsbereitschaft und -fähigkeit klären",
      "en": "Readiness and capability to cooperate"
    },
    "intro": {
      "de": "Bevor Sie ein Unternehmen ansprechen, klären Sie intern: Was wollen wir erreichen, was können wir einbringen, wer ist zuständig, und steht die Leitung dahinter? Die Antworten bleiben bei Ihrer Organisation, der Bezirksorganisation und den Administratoren.",
      "en": "Before approaching a company, clarify internally: what do we want to achieve, what can we invest, who is responsible, and does the board support it? The answers are visible to your organisation, the district organisers and administrators."
    },
    "thresholds": {
      "medium": 40,
      "high": 75
    },
    "dimensions": [
      {
        "id": "goals",
        "title": {
          "de": "Ziele der Kooperation",
          "en": "Goals of the cooperation"
        },
        "description": {
          "de": "Wissen Sie, was die Kooperation bewirken soll?",
          "en": "Do you know what the cooperation should achieve?"
        },
        "strength": {
          "de": "Ihre Ziele sind klar: Sie können einem Unternehmen in wenigen Sätzen sagen, was die Zusammenarbeit bewirken soll.",
          "en": "Your goals are clear: you can tell a company in a few sentences what the cooperation should achieve."
        },
        "recommendations": {
          "low": [
            {
              "de": "Formulieren Sie vor der ersten Ansprache ein konkretes Vorhaben: Was soll entstehen, für wen, bis wann? Nutzen Sie dafür Ihren Bedarf auf dem Marktplatz (Schritt 2).",
              "en": "Before the first approach, describe one concrete project: what should happen, for whom, by when? Use your published need on the marketplace (step 2) for this."
            }
          ],
          "medium": [
            {
              "de": "Schärfen Sie Ihr Vorhaben: Legen Sie ein messbares Ziel fest (z. B. „20 Jugendliche nehmen am Bewerbungstraining teil“).",
              "en": "Sharpen your project: set one measurable goal (e.g. \"20 young people take part in the application training\")."
            }
          ]
        }
      },
      {
        "id": "resources",
        "title": {
          "de": "Ressourcen und Zeit",
          "en": "Resources and time"
        },
        "description": {
          "de": "Können Sie Zeit und Kapazität für Aufbau und Pflege einer Kooperation aufbringen?",
          "en": "Can you invest time and capacity to build and maintain a cooperation?"
        },
        "strength": {
          "de": "Sie haben Zeit und Kapazität eingeplant, um eine Kooperation zu begleiten und Unterstützung aufzunehmen.",
          "en": "You have planned time and capacity to look after a cooperation and to take on support."
        },
        "recommendations": {
          "low": [
            {
              "de": "Planen Sie feste Zeit ein: Eine Kooperation braucht Vorbereitung, Abstimmung und Nachbereitung – rechnen Sie mit mindestens einigen Stunden im Monat.",
              "en": "Set aside fixed time: a cooperation needs preparation, coordination and follow-up – expect at least a few hours a month."
            },
            {
              "de": "Beginnen Sie klein, etwa mit einer eintägigen Aktion auf einem „Marktplatz für Gute Geschäfte“, bevor Sie ein längeres Projekt eingehen.",
              "en": "Start small, for instance with a one-day activity at a \"Marktplatz für Gute Geschäfte\", before committing to a longer project."
            }
          ],
          "medium": [
            {
              "de": "Klären Sie, wer Helfende aus dem Unternehmen anleitet und welche Räume, Materialien und Versicherung dafür bereitstehen.",
              "en": "Clarify who will guide helpers from the company and which rooms, materials and insurance are available."
            }
          ]
        }
      },
      {
        "id": "contact",
        "title": {
          "de": "Verantwortliche Ansprechperson",
          "en": "Responsible contact person"
        },
        "description": {
          "de": "Ist klar, wer die Kooperation verantwortet?",
          "en": "Is it clear who is responsible for the cooperation?"
        },
        "strength": {
          "de": "Die Zuständigkeit ist geklärt: Unternehmen wissen, an wen sie sich wenden können.",
          "en": "Responsibility is settled: companies know whom to contact."
        },
        "recommendations": {
          "low": [
            {
              "de": "Benennen Sie eine Person, die die Kooperation verantwortet, erreichbar ist und Entscheidungen vorbereiten kann.",
              "en": "Name one person who is responsible for the cooperation, can be reached and can prepare decisions."
            }
          ],
          "medium": [
            {
              "de": "Regeln Sie eine Vertretung und tragen Sie die Ansprechperson in Ihrem Profil ein, damit Unternehmen sie direkt finden.",
              "en": "Arrange a deputy and enter the contact person in your profile so that companies find them directly."
            }
          ]
        }
      },
      {
        "id": "mandate",
        "title": {
          "de": "Rückhalt von Vorstand und Team",
          "en": "Support of board and team"
        },
        "description": {
          "de": "Stehen Vorstand bzw. Leitung und das Team hinter einer Unternehmenskooperation?",
          "en": "Do the board or management and the team support a cooperation with a company?"
        },
        "strength": {
          "de": "Vorstand und Team tragen die Kooperation mit – Zusagen an ein Unternehmen sind gedeckt.",
          "en": "Board and team support the cooperation – commitments to a company are backed."
        },
        "recommendations": {
          "low": [
            {
              "de": "Holen Sie die ausdrückliche Zustimmung des Vorstands oder der Leitung ein, am besten als Beschluss, bevor Sie Unternehmen Zusagen machen.",
              "en": "Obtain the explicit agreement of the board or management, ideally as a formal decision, before making commitments to companies."
            },
            {
              "de": "Besprechen Sie das Vorhaben mit Haupt- und Ehrenamtlichen: Vorbehalte gegenüber Unternehmen lassen sich früh am besten klären.",
              "en": "Discuss the project with staff and volunteers: reservations about companies are best addressed early."
            }
          ],
          "medium": [
            {
              "de": "Halten Sie fest, mit welchen Unternehmen Sie nicht zusammenarbeiten (z. B. wegen Ihres Leitbilds), und lassen Sie diese Kriterien vom Vorstand bestätigen.",
              "en": "Write down which companies you will not work with (e.g. because of your mission statement) and have the board confirm these criteria."
            }
          ]
        }
      },
      {
        "id": "giveBack",
        "title": {
          "de": "Gegenleistung",
          "en": "What you give back"
        },
        "description": {
          "de": "Was bekommt das Unternehmen von Ihnen zurück? Kooperationen leben vom Geben und Nehmen.",
          "en": "What does the company get back from you? Cooperations live on give and take."
        },
        "strength": {
          "de": "Sie wissen, welchen Nutzen ein Unternehmen von der Zusammenarbeit hat, und können eine Gegenleistung anbieten.",
          "en": "You know what a company gains from working with you and can offer something in return."
        },
        "recommendations": {
          "low": [
            {
              "de": "Überlegen Sie, was Sie zurückgeben können: Einblicke in Ihre Arbeit, Lernerfahrungen für Mitarbeitende, Kontakte im Quartier, Nennung in Ihrer Öffentlichkeitsarbeit oder ein Dankeschön-Fest.",
              "en": "Think about what you can give back: insight into your work, learning experiences for staff, contacts in the neighbourhood, mention in your public relations or a thank-you event."
            }
          ],
          "medium": [
            {
              "de": "Beschreiben Sie den Nutzen für das Unternehmen konkret (z. B. Teamerfahrung, Kompetenzentwicklung, Ansehen im Quartier) und tragen Sie Ihre Gegenleistungen im Profil ein.",
              "en": "Describe the benefit for the company concretely (e.g. team experience, skills development, local reputation) and list your give-backs in your profile."
            }
          ]
        }
      },
      {
        "id": "expectations",
        "title": {
          "de": "Erwartungen an den Partner",
          "en": "Expectations of the partner"
        },
        "description": {
          "de": "Wissen Sie, was Sie von einem Unternehmen erwarten und in welcher Form Sie zusammenarbeiten wollen?",
          "en": "Do you know what you expect from a company and how you want to work together?"
        },
        "strength": {
          "de": "Ihre Erwartungen sind klar und Sie sind bereit, Leistung und Gegenleistung verbindlich festzuhalten.",
          "en": "Your expectations are clear and you are ready to record what each side gives in a binding way."
        },
        "recommendations": {
          "low": [
            {
              "de": "Klären Sie, welche Unterstützung Sie brauchen (Zeit, Fachwissen, Sachmittel, Logistik, Kontakte, Räume) und in welcher Form: einmalige Aktion, Projekt oder langfristige Partnerschaft.",
              "en": "Clarify what support you need (time, expertise, goods, logistics, contacts, space) and in what form: a one-off activity, a project or a long-term partnership."
            }
          ],
          "medium": [
            {
              "de": "Halten Sie Leistung, Gegenleistung, Zeitraum und Ansprechpersonen in einer Engagement-Vereinbarung fest – das schafft Verbindlichkeit auf beiden Seiten.",
              "en": "Record what each side gives, the period and the contact persons in an engagement agreement (Engagement-Vereinbarung) – it makes both sides commit."
            }
          ]
        }
      }
    ],
    "questions": [
      {
        "id": "goals.purpose",
        "dimension": "goals",
        "type": "multi-choice",
        "required": true,
        "maxPoints": 2,
        "text": {
          "de": "Was wollen Sie mit einer Unternehmenskooperation erreichen?",
          "en": "What do you want to achieve with a company cooperation?"
        },
        "options": [
          {
            "id": "extend-services",
            "points": 1,
            "label": {
              "de": "Unsere Angebote ausbauen oder verbessern",
              "en": "Extend or improve our services"
            }
          },
          {
            "id": "expertise",
            "points": 1,
            "label": {
              "de": "Fachwissen gewinnen (z. B. IT, Recht, Marketing)",
              "en": "Gain expertise (e.g. IT, law, marketing)"
            }
          },
          {
            "id": "helping-hands",
            "points": 1,
            "label": {
              "de": "Helfende Hände für eine Aktion gewinnen",
              "en": "Find helping hands for an activity"
            }
          },
          {
            "id": "visibility",
            "points": 1,
            "label": {
              "de": "Sichtbarer werden im Quartier",
              "en": "Become more visible in the neighbourhood"
            }
          },
          {
            "id": "network",
            "points": 1,
            "label": {
              "de": "Neue Kontakte und Netzwerke",
              "en": "New contacts and networks"
            }
          },
          {
            "id": "unclear",
            "points": 0,
            "exclusive": true,
            "label": {
              "de": "Das wissen wir noch nicht",
              "en": "We do not know yet"
            },
            "recommendation": {
              "de": "Sammeln Sie im Team zwei, drei Ziele, die ohne Unternehmen schwer erreichbar sind – das ist der Ausgangspunkt jeder Ansprache.",
              "en": "Collect two or three goals in your team that are hard to reach without a company – this is where every approach starts."
            }
          }
        ]
      },
      {
        "id": "goals.concreteness",
        "dimension": "goals",
        "type": "single-choice",
        "required": true,
        "text": {
          "de": "Wie konkret ist Ihr Vorhaben?",
          "en": "How concrete is your project?"
        },
        "options": [
          {
            "id": "idea",
            "points": 0,
            "label": {
              "de": "Eine erste Idee",
              "en": "A first idea"
            },
            "recommendation": {
              "de": "Schreiben Sie Ihre Idee auf eine Seite: Ziel, Zielgruppe, Zeitraum, was Sie brauchen und was Sie bieten.",
              "en": "Put your idea on one page: goal, target group, period, what you need and what you offer."
            }
          },
          {
            "id": "outlined",
            "points": 1,
            "label": {
              "de": "Grob beschrieben",
              "en": "Roughly outlined"
            }
          },
          {
            "id": "planned",
            "points": 2,
            "label": {
              "de": "Konkretes Projekt mit Ziel, Zielgruppe und Zeitraum",
              "en": "A concrete project with goal, target group and period"
            }
          }
        ]
      },
      {
        "id": "goals.summary",
        "dimension": "goals",
        "type": "text",
        "required": false,
        "maxLength": 1000,
        "pointsIfAnswered": 0,
        "text": {
          "de": "Was soll die Kooperation bewirken? (ein bis zwei Sätze)",
          "en": "What should the cooperation achieve? (one or two sentences)"
        }
      },
      {
        "id": "resources.hoursPerMonth",
        "dimension": "resources",
        "type": "single-choice",
        "required": true,
        "text": {
          "de": "Wie viele Stunden im Monat kann Ihre Organisation für Aufbau und Pflege der Kooperation einsetzen?",
          "en": "How many hours a month can your organisation invest in building and maintaining the cooperation?"
        },
        "options": [
          {
            "id": "none",
            "points": 0,
            "label": {
              "de": "Derzeit keine",
              "en": "None at the moment"
            },
            "recommendation": {
              "de": "Ohne eigene Zeit gelingt keine Kooperation: Prüfen Sie, welche Aufgabe Sie abgeben oder welche Ehrenamtlichen Sie dafür gewinnen können.",
              "en": "No cooperation works without time of your own: check which task you can hand over or which volunteers could take this on."
            }
          },
          {
            "id": "under-4",
            "points": 1,
            "label": {
              "de": "Weniger als 4 Stunden",
              "en": "Less than 4 hours"
            }
          },
          {
            "id": "4-to-10",
            "points": 2,
            "label": {
              "de": "4 bis 10 Stunden",
              "en": "4 to 10 hours"
            }
          },
          {
            "id": "over-10",
            "points": 3,
            "label": {
              "de": "Mehr als 10 Stunden",
              "en": "More than 10 hours"
            }
          }
        ]
      },
      {
        "id": "resources.capacity",
        "dimension": "resources",
        "type": "scale",
        "required": true,
        "min": 1,
        "max": 5,
        "minLabel": {
          "de": "kaum",
          "en": "hardly"
        },
        "maxLabel": {
          "de": "sehr gut",
          "en": "very well"
        },
        "text": {
          "de": "Wie gut können Sie Helfende oder Leistungen eines Unternehmens aufnehmen (Anleitung, Räume, Material, Versicherung)?",
          "en": "How well can you take on helpers or contributions from a company (guidance, rooms, materials, insurance)?"
        },
        "recommendation": {
          "below": 3,
          "text": {
            "de": "Bereiten Sie die Aufnahme vor: Wer leitet an, wo wird gearbeitet, welches Material fehlt, sind Helfende über Ihre Vereinsversicherung abgedeckt?",
            "en": "Prepare for taking on help: who guides, where will people work, which materials are missing, are helpers covered by your insurance?"
          }
        }
      },
      {
        "id": "resources.experience",
        "dimension": "resources",
        "type": "single-choice",
        "required": false,
        "text": {
          "de": "Haben Sie schon mit Unternehmen zusammengearbeitet?",
          "en": "Have you worked with companies before?"
        },
        "options": [
          {
            "id": "never",
            "points": 0,
            "label": {
              "de": "Noch nie",
              "en": "Never"
            }
          },
          {
            "id": "occasional",
            "points": 1,
            "label": {
              "de": "Gelegentlich (einzelne Aktionen oder Sachspenden)",
              "en": "Occasionally (single activities or donations in kind)"
            }
          },
          {
            "id": "regular",
            "points": 2,
            "label": {
              "de": "Regelmäßig",
              "en": "Regularly"
            }
          }
        ]
      },
      {
        "id": "contact.responsible",
        "dimension": "contact",
        "type": "yes-no",
        "required": true,
        "text": {
          "de": "Gibt es eine verantwortliche Ansprechperson für die Kooperation?",
          "en": "Is there a responsible contact person for the cooperation?"
        },
        "yes": {
          "points": 2
        },
        "no": {
          "points": 0,
          "recommendation": {
            "de": "Legen Sie fest, wer die Kooperation verantwortet, bevor Sie ein Unternehmen ansprechen.",
            "en": "Decide who is responsible for the cooperation before you approach a company."
          }
        }
      },
      {
        "id": "contact.name",
        "dimension": "contact",
        "type": "text",
        "required": false,
        "maxLength": 200,
        "pointsIfAnswered": 1,
        "text": {
          "de": "Name und Funktion der Ansprechperson",
          "en": "Name and role of the contact person"
        }
      },
      {
        "id": "contact.deputy",
        "dimension": "contact",
        "type": "yes-no",
        "required": false,
        "text": {
          "de": "Gibt es eine Vertretung?",
          "en": "Is there a deputy?"
        },
        "yes": {
          "points": 1
        },
        "no": {
          "points": 0,
          "recommendation": {
            "de": "Bestimmen Sie eine Vertretung, damit die Kooperation bei Urlaub oder Krankheit nicht stockt.",
            "en": "Appoint a deputy so the cooperation does not stall during holidays or illness."
          }
        }
      },
      {
        "id": "mandate.board",
        "dimension": "mandate",
        "type": "single-choice",
        "required": true,
        "text": {
          "de": "Steht Ihr Vorstand bzw. Ihre Leitung hinter der Kooperation?",
          "en": "Does your board or management support the cooperation?"
        },
        "options": [
          {
            "id": "not-asked",
            "points": 0,
            "label": {
              "de": "Noch nicht gefragt",
              "en": "Not asked yet"
            },
            "recommendation": {
              "de": "Setzen Sie das Vorhaben auf die nächste Vorstandssitzung und bitten Sie um einen Beschluss.",
              "en": "Put the project on the agenda of the next board meeting and ask for a decision."
            }
          },
          {
            "id": "informed",
            "points": 1,
            "label": {
              "de": "Informiert, aber noch nicht zugestimmt",
              "en": "Informed, but has not agreed yet"
            }
          },
          {
            "id": "agreed",
            "points": 2,
            "label": {
              "de": "Hat ausdrücklich zugestimmt",
              "en": "Has explicitly agreed"
            }
          }
        ]
      },
      {
        "id": "mandate.team",
        "dimension": "mandate",
        "type": "scale",
        "required": true,
        "min": 1,
        "max": 5,
        "minLabel": {
          "de": "gar nicht",
          "en": "not at all"
        },
        "maxLabel": {
          "de": "voll und ganz",
          "en": "fully"
        },
        "text": {
          "de": "Wie sehr tragen Haupt- und Ehrenamtliche eine Zusammenarbeit mit Unternehmen mit?",
          "en": "How far do staff and volunteers support working with companies?"
        }
      },
      {
        "id": "mandate.criteria",
        "dimension": "mandate",
        "type": "yes-no",
        "required": false,
        "text": {
          "de": "Haben Sie festgelegt, mit welchen Unternehmen Sie nicht zusammenarbeiten?",
          "en": "Have you decided which companies you will not work with?"
        },
        "yes": {
          "points": 1
        },
        "no": {
          "points": 0
        }
      },
      {
        "id": "giveBack.kinds",
        "dimension": "giveBack",
        "type": "multi-choice",
        "required": true,
        "maxPoints": 3,
        "text": {
          "de": "Was können Sie einem Unternehmen zurückgeben?",
          "en": "What can you give back to a company?"
        },
        "options": [
          {
            "id": "insight",
            "points": 1,
            "label": {
              "de": "Einblicke in unsere Arbeit und Lernerfahrungen für Mitarbeitende",
              "en": "Insight into our work and learning experiences for staff"
            }
          },
          {
            "id": "publicity",
            "points": 1,
            "label": {
              "de": "Nennung in unserer Öffentlichkeitsarbeit",
              "en": "Mention in our public relations"
            }
          },
          {
            "id": "thank-you",
            "points": 1,
            "label": {
              "de": "Ein Dankeschön, z. B. Einladung zu einem Fest",
              "en": "A thank-you, e.g. an invitation to a celebration"
            }
          },
          {
            "id": "expertise",
            "points": 1,
            "label": {
              "de": "Unser Fachwissen (z. B. Inklusion, Vielfalt, Jugendarbeit)",
              "en": "Our expertise (e.g. inclusion, diversity, youth work)"
            }
          },
          {
            "id": "contacts",
            "points": 1,
            "label": {
              "de": "Kontakte im Quartier",
              "en": "Contacts in the neighbourhood"
            }
          },
          {
            "id": "nothing",
            "points": 0,
            "exclusive": true,
            "label": {
              "de": "Wir wüssten nicht, was",
              "en": "We would not know what"
            },
            "recommendation": {
              "de": "Jede Organisation hat etwas zurückzugeben: Sammeln Sie im Team, was Unternehmen bei Ihnen erleben und lernen können.",
              "en": "Every organisation has something to give back: collect in your team what companies can experience and learn with you."
            }
          }
        ]
      },
      {
        "id": "giveBack.benefit",
        "dimension": "giveBack",
        "type": "scale",
        "required": false,
        "min": 1,
        "max": 5,
        "minLabel": {
          "de": "gar nicht",
          "en": "not at all"
        },
        "maxLabel": {
          "de": "sehr gut",
          "en": "very well"
        },
        "text": {
          "de": "Wie gut können Sie den Nutzen einer Zusammenarbeit für das Unternehmen benennen?",
          "en": "How well can you name the benefit of working together for the company?"
        }
      },
      {
        "id": "expectations.support",
        "dimension": "expectations",
        "type": "multi-choice",
        "required": true,
        "maxPoints": 2,
        "text": {
          "de": "Welche Unterstützung erwarten Sie von einem Unternehmen?",
          "en": "What support do you expect from a company?"
        },
        "options": [
          {
            "id": "time",
            "points": 1,
            "label": {
              "de": "Zeit und Mitarbeit",
              "en": "Time and helping hands"
            }
          },
          {
            "id": "skills",
            "points": 1,
            "label": {
              "de": "Fachwissen",
              "en": "Expertise"
            }
          },
          {
            "id": "goods",
            "points": 1,
            "label": {
              "de": "Sachmittel",
              "en": "Goods"
            }
          },
          {
            "id": "logistics",
            "points": 1,
            "label": {
              "de": "Logistik und Transport",
              "en": "Logistics and transport"
            }
          },
          {
            "id": "contacts",
            "points": 1,
            "label": {
              "de": "Kontakte",
              "en": "Contacts"
            }
          },
          {
            "id": "space",
            "points": 1,
            "label": {
              "de": "Räume",
              "en": "Space"
            }
          },
          {
            "id": "unclear",
            "points": 0,
            "exclusive": true,
            "label": {
              "de": "Noch unklar",
              "en": "Not clear yet"
            }
          }
        ]
      },
      {
        "id": "expectations.form",
        "dimension": "expectations",
        "type": "single-choice",
        "required": true,
        "text": {
          "de": "Welche Form der Zusammenarbeit stellen Sie sich vor?",
          "en": "What form of cooperation do you have in mind?"
        },
        "options": [
          {
            "id": "unsure",
            "points": 0,
            "label": {
              "de": "Wissen wir noch nicht",
              "en": "We do not know yet"
            }
          },
          {
            "id": "one-off",
            "points": 1,
            "label": {
              "de": "Eine einmalige Aktion",
              "en": "A one-off activity"
            }
          },
          {
            "id": "project",
            "points": 2,
            "label": {
              "de": "Ein Projekt über einige Monate",
              "en": "A project over several months"
            }
          },
          {
            "id": "long-term",
            "points": 2,
            "label": {
              "de": "Eine langfristige Partnerschaft",
              "en": "A long-term partnership"
            }
          }
        ]
      },
      {
        "id": "expectations.agreement",
        "dimension": "expectations",
        "type": "yes-no",
        "required": true,
        "text": {
          "de": "Sind Sie bereit, Leistung und Gegenleistung in einer Engagement-Vereinbarung festzuhalten?",
          "en": "Are you willing to record what each side gives in an engagement agreement (Engagement-Vereinbarung)?"
        },
        "yes": {
          "points": 2
        },
        "no": {
          "points": 0,
          "recommendation": {
            "de": "Eine schriftliche Vereinbarung schützt beide Seiten: Sie hält fest, wer was bis wann leistet. Auf dem Marktplatz wird sie am Notartisch unterschrieben.",
            "en": "A written agreement protects both sides: it records who gives what by when. At a marketplace it is signed at the notary desk."
          }
        }
      },
      {
        "id": "expectations.notes",
        "dimension": "expectations",
        "type": "text",
        "required": false,
        "maxLength": 1000,
        "pointsIfAnswered": 0,
        "text": {
          "de": "Was sollte ein Partnerunternehmen sonst über Ihre Erwartungen wissen?",
          "en": "What else should a partner company know about your expectations?"
        }
      }
    ]
  },
  {
    "kind": "company",
    "version": "company.v1",
    "title": {
      "de": "Engagementbereitschaft Ihres Unternehmens klären",
      "en": "Your company's readiness to engage"
    },
    "intro": {
      "de": "Gutes Engagement im Quartier braucht Ziele, Zeit der Mitarbeitenden, eine Entscheidung der Geschäftsführung und jemanden, der es koordiniert. Die Antworten sehen Ihr Unternehmen, die Bezirksorganisation und die Administratoren.",
      "en": "Good engagement in the neighbourhood needs goals, staff time, a decision by management and someone to coordinate it. The answers are visible to your company, the district organisers and administrators."
    },
    "thresholds": {
      "medium": 40,
      "high": 75
    },
    "dimensions": [
      {
        "id": "goals",
        "title": {
          "de": "Engagementziele",
          "en": "Engagement goals"
        },
        "description": {
          "de": "Wissen Sie, was Ihr Engagement bewirken soll – im Quartier und im Unternehmen?",
          "en": "Do you know what your engagement should achieve – in the neighbourhood and in the company?"
        },
        "strength": {
          "de": "Ihre Engagementziele sind klar und passen zu dem, was Ihr Unternehmen kann.",
          "en": "Your engagement goals are clear and fit what your company is good at."
        },
        "recommendations": {
          "low": [
            {
              "de": "Legen Sie fest, was Ihr Engagement bewirken soll, im Quartier und im Unternehmen (z. B. Kompetenzen der Mitarbeitenden, Zusammenhalt im Team).",
              "en": "Decide what your engagement should achieve, in the neighbourhood and in the company (e.g. staff skills, team spirit)."
            }
          ],
          "medium": [
            {
              "de": "Suchen Sie ein Engagement nahe an Ihrem Kerngeschäft: Was Ihre Mitarbeitenden täglich gut können, hilft gemeinnützigen Organisationen oft am meisten.",
              "en": "Look for engagement close to your core business: what your staff are good at every day often helps nonprofits most."
            }
          ]
        }
      },
      {
        "id": "staffTime",
        "title": {
          "de": "Zeit der Mitarbeitenden",
          "en": "Staff time"
        },
        "description": {
          "de": "Können Mitarbeitende Zeit für das Engagement einbringen?",
          "en": "Can staff invest time in the engagement?"
        },
        "strength": {
          "de": "Ihre Mitarbeitenden haben Zeit für das Engagement, und diese Zeit ist geregelt.",
          "en": "Your staff have time for the engagement, and this time is arranged."
        },
        "recommendations": {
          "low": [
            {
              "de": "Legen Sie ein Stundenkontingent fest, das Mitarbeitende im Jahr für Engagement einsetzen können, und regeln Sie, ob es als Arbeitszeit zählt.",
              "en": "Set a yearly number of hours staff may spend on engagement, and decide whether it counts as working time."
            }
          ],
          "medium": [
            {
              "de": "Fragen Sie Ihre Mitarbeitenden, wofür sie sich engagieren möchten – Engagement, das sie selbst wählen, trägt länger.",
              "en": "Ask your staff what they would like to engage in – engagement they choose themselves lasts longer."
            }
          ]
        }
      },
      {
        "id": "decisionMaker",
        "title": {
          "de": "Entscheidung der Geschäftsführung",
          "en": "Decision by management"
        },
        "description": {
          "de": "Hat die Geschäftsführung dem Engagement zugestimmt, und ist klar, wer entscheidet?",
          "en": "Has management agreed to the engagement, and is it clear who decides?"
        },
        "strength": {
          "de": "Die Geschäftsführung steht hinter dem Engagement, und Entscheidungen können schnell getroffen werden.",
          "en": "Management backs the engagement, and decisions can be made quickly."
        },
        "recommendations": {
          "low": [
            {
              "de": "Holen Sie die Zustimmung der Geschäftsführung ein und klären Sie, wer über Zusagen an gemeinnützige Organisationen entscheidet.",
              "en": "Get management's agreement and clarify who decides on commitments to nonprofits."
            }
          ],
          "medium": [
            {
              "de": "Geben Sie der koordinierenden Person einen klaren Rahmen (Stunden, Sachmittel), in dem sie selbst zusagen kann.",
              "en": "Give the coordinating person a clear scope (hours, goods) within which they can commit on their own."
            }
          ]
        }
      },
      {
        "id": "contact",
        "title": {
          "de": "Koordination",
          "en": "Coordination"
        },
        "description": {
          "de": "Gibt es jemanden, der das Engagement koordiniert?",
          "en": "Is there someone who coordinates the engagement?"
        },
        "strength": {
          "de": "Das Engagement ist koordiniert, und die Belegschaft weiß davon.",
          "en": "The engagement is coordinated, and the staff know about it."
        },
        "recommendations": {
          "low": [
            {
              "de": "Benennen Sie eine Person, die das Engagement koordiniert und für gemeinnützige Partner erreichbar ist.",
              "en": "Name a person who coordinates the engagement and can be reached by nonprofit partners."
            }
          ],
          "medium": [
            {
              "de": "Machen Sie das Engagement intern bekannt (Intranet, Betriebsversammlung), damit sich Mitarbeitende beteiligen können.",
              "en": "Make the engagement known internally (intranet, staff meeting) so that staff can take part."
            }
          ]
        }
      },
      {
        "id": "contribution",
        "title": {
          "de": "Was Sie einbringen",
          "en": "What you contribute"
        },
        "description": {
          "de": "Was kann Ihr Unternehmen außer Zeit einbringen?",
          "en": "What can your company contribute besides time?"
        },
        "strength": {
          "de": "Sie können mehr als Zeit einbringen: Fachwissen, Sachmittel, Logistik, Räume oder Kontakte.",
          "en": "You can contribute more than time: expertise, goods, logistics, space or contacts."
        },
        "recommendations": {
          "low": [
            {
              "de": "Prüfen Sie, was Ihr Unternehmen außer Zeit einbringen kann: Fachwissen, Produkte, Transporte, Räume, Kontakte – alles außer Geld.",
              "en": "Check what your company can contribute besides time: expertise, products, transport, space, contacts – everything but money."
            }
          ],
          "medium": [
            {
              "de": "Beschreiben Sie Ihre Leistungen als Angebote auf dem Marktplatz, damit gemeinnützige Organisationen sie finden.",
              "en": "Describe what you can give as offers on the marketplace so that nonprofits can find them."
            }
          ]
        }
      },
      {
        "id": "expectations",
        "title": {
          "de": "Erwartungen an die Zusammenarbeit",
          "en": "Expectations of the cooperation"
        },
        "description": {
          "de": "Wissen Sie, wie Sie zusammenarbeiten wollen, und planen Sie auf Augenhöhe?",
          "en": "Do you know how you want to work together, and do you plan as equals?"
        },
        "strength": {
          "de": "Sie planen auf Augenhöhe mit der gemeinnützigen Organisation und sind bereit, die Zusammenarbeit verbindlich festzuhalten.",
          "en": "You plan as equals with the nonprofit and are ready to record the cooperation in a binding way."
        },
        "recommendations": {
          "low": [
            {
              "de": "Gehen Sie vom Bedarf der gemeinnützigen Organisation aus: Fragen Sie, was dort gebraucht wird, bevor Sie ein Projekt festlegen.",
              "en": "Start from the nonprofit's needs: ask what is needed there before you settle on a project."
            }
          ],
          "medium": [
            {
              "de": "Halten Sie Leistung, Gegenleistung, Zeitraum und Ansprechpersonen in einer Engagement-Vereinbarung fest.",
              "en": "Record what each side gives, the period and the contact persons in an engagement agreement (Engagement-Vereinbarung)."
            }
          ]
        }
      }
    ],
    "questions": [
      {
        "id": "goals.aims",
        "dimension": "goals",
        "type": "multi-choice",
        "required": true,
        "maxPoints": 2,
        "text": {
          "de": "Was wollen Sie mit Ihrem Engagement erreichen?",
          "en": "What do you want to achieve with your engagement?"
        },
        "options": [
          {
            "id": "local-impact",
            "points": 1,
            "label": {
              "de": "Das Quartier an unserem Standort stärken",
              "en": "Strengthen the neighbourhood around our site"
            }
          },
          {
            "id": "staff-development",
            "points": 1,
            "label": {
              "de": "Kompetenzen unserer Mitarbeitenden entwickeln",
              "en": "Develop our staff's skills"
            }
          },
          {
            "id": "team-spirit",
            "points": 1,
            "label": {
              "de": "Zusammenhalt im Team",
              "en": "Team spirit"
            }
          },
          {
            "id": "employer-appeal",
            "points": 1,
            "label": {
              "de": "Attraktiver Arbeitgeber sein",
              "en": "Be an attractive employer"
            }
          },
          {
            "id": "network",
            "points": 1,
            "label": {
              "de": "Kontakte und Netzwerke im Quartier",
              "en": "Contacts and networks in the neighbourhood"
            }
          },
          {
            "id": "unclear",
            "points": 0,
            "exclusive": true,
            "label": {
              "de": "Das wissen wir noch nicht",
              "en": "We do not know yet"
            },
            "recommendation": {
              "de": "Besprechen Sie in der Geschäftsführung und mit Mitarbeitenden, was das Engagement bewirken soll; zwei klare Ziele genügen für den Anfang.",
              "en": "Discuss with management and staff what the engagement should achieve; two clear goals are enough to start."
            }
          }
        ]
      },
      {
        "id": "goals.fit",
        "dimension": "goals",
        "type": "single-choice",
        "required": true,
        "text": {
          "de": "Hängt das Engagement mit Ihrem Kerngeschäft oder Ihren Kompetenzen zusammen?",
          "en": "Is the engagement related to your core business or skills?"
        },
        "options": [
          {
            "id": "none",
            "points": 0,
            "label": {
              "de": "Nein",
              "en": "No"
            }
          },
          {
            "id": "partly",
            "points": 1,
            "label": {
              "de": "Teilweise",
              "en": "Partly"
            }
          },
          {
            "id": "strongly",
            "points": 2,
            "label": {
              "de": "Ja, eng",
              "en": "Yes, closely"
            }
          }
        ]
      },
      {
        "id": "staffTime.hoursPerYear",
        "dimension": "staffTime",
        "type": "single-choice",
        "required": true,
        "text": {
          "de": "Wie viele Arbeitsstunden können Mitarbeitende im Jahr einbringen?",
          "en": "How many working hours a year can staff contribute?"
        },
        "options": [
          {
            "id": "none",
            "points": 0,
            "label": {
              "de": "Derzeit keine",
              "en": "None at the moment"
            },
            "recommendation": {
              "de": "Schon ein Aktionstag mit einem kleinen Team (etwa 5 Personen × 6 Stunden) ist ein guter Anfang.",
              "en": "A single action day with a small team (about 5 people × 6 hours) is a good start."
            }
          },
          {
            "id": "under-20",
            "points": 1,
            "label": {
              "de": "Weniger als 20 Stunden",
              "en": "Less than 20 hours"
            }
          },
          {
            "id": "20-to-100",
            "points": 2,
            "label": {
              "de": "20 bis 100 Stunden",
              "en": "20 to 100 hours"
            }
          },
          {
            "id": "over-100",
            "points": 3,
            "label": {
              "de": "Mehr als 100 Stunden",
              "en": "More than 100 hours"
            }
          }
        ]
      },
      {
        "id": "staffTime.workingTime",
        "dimension": "staffTime",
        "type": "single-choice",
        "required": true,
        "text": {
          "de": "Zählt die Engagementzeit als Arbeitszeit?",
          "en": "Does engagement time count as working time?"
        },
        "options": [
          {
            "id": "no",
            "points": 0,
            "label": {
              "de": "Nein",
              "en": "No"
            },
            "recommendation": {
              "de": "Stellen Sie Mitarbeitende für Engagement frei, zumindest teilweise: Engagement allein in der Freizeit erreicht nur wenige.",
              "en": "Release staff for engagement, at least partly: engagement in spare time only reaches a few."
            }
          },
          {
            "id": "partly",
            "points": 1,
            "label": {
              "de": "Teilweise",
              "en": "Partly"
            }
          },
          {
            "id": "yes",
            "points": 2,
            "label": {
              "de": "Ja",
              "en": "Yes"
            }
          }
        ]
      },
      {
        "id": "staffTime.interest",
        "dimension": "staffTime",
        "type": "scale",
        "required": false,
        "min": 1,
        "max": 5,
        "minLabel": {
          "de": "gering",
          "en": "low"
        },
        "maxLabel": {
          "de": "sehr groß",
          "en": "very high"
        },
        "text": {
          "de": "Wie groß ist das Interesse Ihrer Mitarbeitenden?",
          "en": "How interested are your staff?"
        }
      },
      {
        "id": "decisionMaker.approval",
        "dimension": "decisionMaker",
        "type": "single-choice",
        "required": true,
        "text": {
          "de": "Hat die Geschäftsführung dem Engagement zugestimmt?",
          "en": "Has management agreed to the engagement?"
        },
        "options": [
          {
            "id": "not-asked",
            "points": 0,
            "label": {
              "de": "Noch nicht gefragt",
              "en": "Not asked yet"
            },
            "recommendation": {
              "de": "Stellen Sie der Geschäftsführung das Vorhaben kurz vor: Ziele, Stunden, was das Unternehmen gewinnt.",
              "en": "Present the plan to management briefly: goals, hours, what the company gains."
            }
          },
          {
            "id": "informed",
            "points": 1,
            "label": {
              "de": "Informiert, aber noch nicht zugestimmt",
              "en": "Informed, but has not agreed yet"
            }
          },
          {
            "id": "approved",
            "points": 2,
            "label": {
              "de": "Hat zugestimmt",
              "en": "Has agreed"
            }
          }
        ]
      },
      {
        "id": "decisionMaker.name",
        "dimension": "decisionMaker",
        "type": "text",
        "required": false,
        "maxLength": 200,
        "pointsIfAnswered": 1,
        "text": {
          "de": "Wer entscheidet über das Engagement? (Name, Funktion)",
          "en": "Who decides on the engagement? (name, role)"
        }
      },
      {
        "id": "decisionMaker.scope",
        "dimension": "decisionMaker",
        "type": "yes-no",
        "required": false,
        "text": {
          "de": "Kann die koordinierende Person in einem vereinbarten Rahmen selbst zusagen?",
          "en": "Can the coordinating person commit on their own within an agreed scope?"
        },
        "yes": {
          "points": 1
        },
        "no": {
          "points": 0
        }
      },
      {
        "id": "contact.coordinator",
        "dimension": "contact",
        "type": "yes-no",
        "required": true,
        "text": {
          "de": "Gibt es eine Person, die das Engagement koordiniert?",
          "en": "Is there a person who coordinates the engagement?"
        },
        "yes": {
          "points": 2
        },
        "no": {
          "points": 0,
          "recommendation": {
            "de": "Benennen Sie eine koordinierende Person, oft aus Personal, Kommunikation oder Nachhaltigkeit, und geben Sie ihr Zeit dafür.",
            "en": "Name a coordinator, often from HR, communications or sustainability, and give them time for it."
          }
        }
      },
      {
        "id": "contact.internal",
        "dimension": "contact",
        "type": "yes-no",
        "required": false,
        "text": {
          "de": "Informieren Sie die Belegschaft über das Engagement?",
          "en": "Do you inform your staff about the engagement?"
        },
        "yes": {
          "points": 1
        },
        "no": {
          "points": 0
        }
      },
      {
        "id": "contribution.kinds",
        "dimension": "contribution",
        "type": "multi-choice",
        "required": true,
        "maxPoints": 2,
        "text": {
          "de": "Was kann Ihr Unternehmen außer Zeit einbringen?",
          "en": "What can your company contribute besides time?"
        },
        "options": [
          {
            "id": "skills",
            "points": 1,
            "label": {
              "de": "Fachwissen (Pro-bono-Beratung)",
              "en": "Expertise (pro bono advice)"
            }
          },
          {
            "id": "goods",
            "points": 1,
            "label": {
              "de": "Sachmittel und Produkte",
              "en": "Goods and products"
            }
          },
          {
            "id": "logistics",
            "points": 1,
            "label": {
              "de": "Logistik und Transport",
              "en": "Logistics and transport"
            }
          },
          {
            "id": "space",
            "points": 1,
            "label": {
              "de": "Räume",
              "en": "Space"
            }
          },
          {
            "id": "contacts",
            "points": 1,
            "label": {
              "de": "Kontakte",
              "en": "Contacts"
            }
          },
          {
            "id": "time-only",
            "points": 0,
            "exclusive": true,
            "label": {
              "de": "Nur Zeit",
              "en": "Time only"
            }
          }
        ]
      },
      {
        "id": "expectations.form",
        "dimension": "expectations",
        "type": "single-choice",
        "required": true,
        "text": {
          "de": "Welche Form der Zusammenarbeit passt zu Ihnen?",
          "en": "What form of cooperation suits you?"
        },
        "options": [
          {
            "id": "unsure",
            "points": 0,
            "label": {
              "de": "Wissen wir noch nicht",
              "en": "We do not know yet"
            }
          },
          {
            "id": "one-off",
            "points": 1,
            "label": {
              "de": "Eine einmalige Aktion",
              "en": "A one-off activity"
            }
          },
          {
            "id": "project",
            "points": 2,
            "label": {
              "de": "Ein Projekt über einige Monate",
              "en": "A project over several months"
            }
          },
          {
            "id": "long-term",
            "points": 2,
            "label": {
              "de": "Eine langfristige Partnerschaft",
              "en": "A long-term partnership"
            }
          }
        ]
      },
      {
        "id": "expectations.eyeLevel",
        "dimension": "expectations",
        "type": "scale",
        "required": true,
        "min": 1,
        "max": 5,
        "minLabel": {
          "de": "wenig",
          "en": "little"
        },
        "maxLabel": {
          "de": "voll und ganz",
          "en": "fully"
        },
        "text": {
          "de": "Wie weit sind Sie bereit, das Vorhaben gemeinsam mit der gemeinnützigen Organisation auf Augenhöhe zu planen?",
          "en": "How far are you willing to plan the project together with the nonprofit, as equals?"
        },
        "recommendation": {
          "below": 3,
          "text": {
            "de": "Planen Sie gemeinsam: Die gemeinnützige Organisation kennt ihre Zielgruppe und weiß, welche Hilfe wirklich nützt.",
            "en": "Plan together: the nonprofit knows its target group and what help is really useful."
          }
        }
      },
      {
        "id": "expectations.agreement",
        "dimension": "expectations",
        "type": "yes-no",
        "required": true,
        "text": {
          "de": "Sind Sie bereit, Leistung und Gegenleistung in einer Engagement-Vereinbarung festzuhalten?",
          "en": "Are you willing to record what each side gives in an engagement agreement (Engagement-Vereinbarung)?"
        },
        "yes": {
          "points": 2
        },
        "no": {
          "points": 0,
          "recommendation": {
            "de": "Eine schriftliche Vereinbarung schützt beide Seiten: Sie hält fest, wer was bis wann leistet.",
            "en": "A written agreement protects both sides: it records who gives what by when."
          }
        }
      },
      {
        "id": "expectations.giveBack",
        "dimension": "expectations",
        "type": "multi-choice",
        "required": false,
        "maxPoints": 0,
        "text": {
          "de": "Was wünschen Sie sich von der gemeinnützigen Organisation zurück? (informativ, ohne Punkte)",
          "en": "What would you like back from the nonprofit? (for information, no points)"
        },
        "options": [
          {
            "id": "insight",
            "points": 0,
            "label": {
              "de": "Einblicke in soziale Arbeit",
              "en": "Insight into social work"
            }
          },
          {
            "id": "staff-learning",
            "points": 0,
            "label": {
              "de": "Lernerfahrungen für Mitarbeitende",
              "en": "Learning experiences for staff"
            }
          },
          {
            "id": "publicity",
            "points": 0,
            "label": {
              "de": "Nennung in der Öffentlichkeitsarbeit",
              "en": "Mention in public relations"
            }
          },
          {
            "id": "thank-you",
            "points": 0,
            "label": {
              "de": "Ein Dankeschön",
              "en": "A thank-you"
            }
          },
          {
            "id": "nothing",
            "points": 0,
            "exclusive": true,
            "label": {
              "de": "Nichts Bestimmtes",
              "en": "Nothing in particular"
            }
          }
        ]
      }
    ]
  },
];

export class Readiness1795638534246 implements MigrationInterface {
  name = 'Readiness1795638534246';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "readiness_questionnaires" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" "public"."organisation_kind" NOT NULL, "version" text NOT NULL, "definition" jsonb NOT NULL, "active" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e75948280f9e75f908aefb907b6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "readiness_questionnaires_one_active_per_kind" ON "readiness_questionnaires"  ("kind") WHERE "active"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "readiness_questionnaires_kind_version_key" ON "readiness_questionnaires"  ("kind", "version") `);
    await queryRunner.query(`CREATE TABLE "readiness_checks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "questionnaire_id" uuid NOT NULL, "answers" jsonb NOT NULL, "result" jsonb NOT NULL, "overall_score" smallint NOT NULL, "completed_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_458e9ae41dcbc719dfc5a9646db" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "readiness_checks_questionnaire_id_idx" ON "readiness_checks"  ("questionnaire_id") `);
    await queryRunner.query(`CREATE INDEX "readiness_checks_organisation_created_idx" ON "readiness_checks"  ("organisation_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "readiness_checks" ADD CONSTRAINT "FK_76094c4347746e505d189598775" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "readiness_checks" ADD CONSTRAINT "FK_3db7042bf0a49d435f009d89b54" FOREIGN KEY ("questionnaire_id") REFERENCES "readiness_questionnaires"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "readiness_checks" ADD CONSTRAINT "FK_02b102256a256c7beabca2affde" FOREIGN KEY ("completed_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    for (const definition of READINESS_V1) {
      await queryRunner.query(`INSERT INTO "readiness_questionnaires" ("kind", "version", "definition", "active") VALUES ($1, $2, $3::jsonb, true)`, [
        definition.kind,
        definition.version,
        JSON.stringify(definition),
      ]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "readiness_checks" DROP CONSTRAINT "FK_02b102256a256c7beabca2affde"`);
    await queryRunner.query(`ALTER TABLE "readiness_checks" DROP CONSTRAINT "FK_3db7042bf0a49d435f009d89b54"`);
    await queryRunner.query(`ALTER TABLE "readiness_checks" DROP CONSTRAINT "FK_76094c4347746e505d189598775"`);
    await queryRunner.query(`DROP INDEX "public"."readiness_checks_organisation_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."readiness_checks_questionnaire_id_idx"`);
    await queryRunner.query(`DROP TABLE "readiness_checks"`);
    await queryRunner.query(`DROP INDEX "public"."readiness_questionnaires_kind_version_key"`);
    await queryRunner.query(`DROP INDEX "public"."readiness_questionnaires_one_active_per_kind"`);
    await queryRunner.query(`DROP TABLE "readiness_questionnaires"`);
  }
}
