"""Name and place lists for the synthetic demonstration caseload.

Chosen to exercise what real French files contain: accents (Élodie, Lefèvre), apostrophes (N'Diaye,
D'Angelo), hyphens (Jean-Marc, Dupont-Moreau), particles (Le Goff, Da Silva). Every person is fictional.
"""

FIRST_NAMES = (
    "Élodie", "Jean-Marc", "Anaïs", "Zoé", "Maëlle", "Noël", "Chloé", "François", "Hélène", "Loïc",
    "Gaëlle", "Jérôme", "Aïcha", "Mamadou", "Fatoumata", "Océane", "Rémi", "Thérèse", "Benoît",
    "Marie-Thérèse", "Karim", "Nadia", "Sébastien", "Inès", "Yannick", "Sophie", "Mickaël", "Léa",
    "Grégory", "Amélie", "Kévin", "Aurélie", "Stéphane", "Émilie", "Cédric", "Laëtitia", "Moussa",
    "Samia", "Dylan", "Jessica", "Anne-Sophie", "Pierre-Louis", "Ludivine", "Youssef", "Mélanie",
    "Frédéric", "Nathalie", "Christophe", "Sandrine", "Valérie", "José", "Joëlle", "Bérénice", "Hugo",
)

LAST_NAMES = (
    "Lefèvre", "N'Diaye", "Dupont-Moreau", "Le Goff", "D'Angelo", "Ménard", "Perrin", "Fontaine",
    "Chevalier", "Benali", "Nguyen", "Da Silva", "Lemaître", "Hébert", "Bouchard", "Lacroix",
    "Saint-Martin", "O'Brien", "Mercier", "Garçon", "Bénard", "Roussel", "Traoré", "Diallo", "Leroy",
    "Gauthier", "Muller", "Lambert", "Boyer", "Faure", "Caron", "Renaud", "Hamidi", "Colin", "Vidal",
    "Brisson-Lefèbvre", "De La Fontaine", "Étienne", "Abélard", "Côté", "Prévost", "Rivière", "Maréchal",
    "Poirier", "Texier", "Jacquot", "L'Hôte", "Kowalski", "Petitjean", "Besançon", "Guérin", "Bœuf",
)

STREETS = (
    "rue de la République", "avenue Pierre-Brossolette", "rue Émile-Zola", "place de l'Hôtel-de-Ville",
    "rue des Prés", "chemin des Écoliers", "boulevard du 14-Juillet", "rue Général-de-Gaulle",
    "impasse des Tilleuls", "rue Jean-Jaurès", "allée des Peupliers", "quai Dampierre",
)

# (binôme territory, [(city, postcode)]) — Aube, after the conventions cited in the domain guide.
TERRITORIES = (
    ("Troyes", (("Troyes", "10000"), ("Sainte-Savine", "10300"), ("La Chapelle-Saint-Luc", "10600"))),
    (
        "Barsuraubois",
        (("Bar-sur-Aube", "10200"), ("Vendeuvre-sur-Barse", "10140"), ("Soulaines-Dhuys", "10200")),
    ),
    ("Romilly-sur-Seine", (("Romilly-sur-Seine", "10100"), ("Maizières-la-Grande-Paroisse", "10510"))),
    ("Nogentais", (("Nogent-sur-Seine", "10400"), ("Pont-sur-Seine", "10400"))),
    ("Bar-sur-Seine", (("Bar-sur-Seine", "10110"), ("Les Riceys", "10340"))),
)

PARTNERS = ("CCAS de Troyes", "Mission locale du Nord-Est Aubois", "GRETA Aube", "Secours populaire", "AFPA")

NOTE_TEXTS = (
    "Entretien tripartite fait : la personne se sent mieux depuis son relogement.",
    "Appel de la personne : garde d'enfant trouvée pour les mercredis.",
    "Dossier FSL déposé, réponse attendue sous trois semaines.",
    "Candidature envoyée chez un employeur du secteur de l'aide à domicile.",
    "Rendez-vous manqué, message laissé : rappeler jeudi.",
    "Le permis de conduire est en cours : examen du code prévu le mois prochain.",
    "Point sur le budget : plan d'apurement accepté par le bailleur.",
    "Intérêt pour une PMSMP en logistique, à organiser avec l'entreprise.",
)

STRENGTHS = (
    "Très motivée, ponctuelle aux rendez-vous, permis B.",
    "Expérience de 5 ans dans la restauration ; bon contact avec le public.",
    "Soutenu par sa famille ; à l'aise avec l'ordinateur.",
    "Parle trois langues ; a suivi une formation d'aide à domicile.",
    "Autonome dans ses démarches ; réseau d'anciens collègues.",
)
WISHES = (
    "« Je veux un travail près de chez moi, compatible avec l'école des enfants. »",
    "« Retrouver un logement à moi avant de chercher un emploi à temps plein. »",
    "« Travailler dans la logistique, j'aime le travail en équipe. »",
    "« Passer le permis pour ne plus dépendre des autres. »",
    "« Reprendre une formation et avoir un diplôme. »",
)
