"""The closed vocabularies of the domain, each with the French label the interface shows.

Values are stable English identifiers stored in the database and exchanged with other tools; labels are
what a professional reads. Changing a value needs a migration; changing a label does not.
"""

from __future__ import annotations

from accomp_desktop.domain.people import Institution as Institution
from accomp_desktop.domain.people import LabelledEnum as LabelledEnum
from accomp_desktop.domain.people import Role as Role


class ConsentMethod(LabelledEnum):
    """How the person's consent to share the social side was collected."""

    ORAL = "oral", "À l'oral, au cours d'un entretien"
    WRITTEN = "written", "Par écrit (formulaire signé)"


class Route(LabelledEnum):
    """The three routes for a job seeker with social difficulties (domain guide)."""

    GLOBAL = "global", "Accompagnement global"
    SOCIAL_ONLY = "social_only", "Accompagnement social (Département seul)"
    OCCASIONAL = "occasional", "Appui social ponctuel"


class DossierStatus(LabelledEnum):
    ORIENTATION = "orientation", "Orientation"
    DIAGNOSTIC = "diagnostic", "Diagnostic"
    ACCOMPAGNEMENT = "accompagnement", "Accompagnement"
    SORTIE = "sortie", "Sorti"


class ExitMotif(LabelledEnum):
    LASTING_JOB = "lasting_job", "Emploi durable (CDI ou CDD de 6 mois et plus)"
    TEMPORARY_JOB = "temporary_job", "Emploi temporaire"
    TRAINING = "training", "Formation"
    PMSMP = "pmsmp", "PMSMP (immersion en entreprise)"
    BUSINESS_CREATION = "business_creation", "Création d'entreprise"
    SOCIAL_FOLLOW_UP = "social_follow_up", "Réorientation vers un accompagnement social"
    MOVED_AWAY = "moved_away", "Déménagement"
    GAVE_UP = "gave_up", "Abandon"
    END_OF_TERM = "end_of_term", "Fin de la durée d'accompagnement"
    OTHER = "other", "Autre motif"


class Side(LabelledEnum):
    """Which professional's field an item belongs to."""

    EMPLOI = "emploi", "Emploi"
    SOCIAL = "social", "Social"


class ObstacleLevel(LabelledEnum):
    NONE = "none", "Aucun frein"
    TO_WORK_ON = "to_work_on", "À travailler"
    MAJOR = "major", "Frein important"
    BLOCKING = "blocking", "Frein bloquant"


class ActionStatus(LabelledEnum):
    PLANNED = "planned", "Prévue"
    IN_PROGRESS = "in_progress", "En cours"
    WAITING = "waiting", "En attente"
    DONE = "done", "Réalisée"
    GIVEN_UP = "given_up", "Abandonnée par la personne"
    CANCELLED = "cancelled", "Annulée par la structure"


class CarrierKind(LabelledEnum):
    """Who carries an action."""

    CONSEILLER = "conseiller", "Le conseiller"
    TRAVAILLEUR_SOCIAL = "travailleur_social", "Le travailleur social"
    PARTNER = "partner", "Une structure partenaire"
    PERSON = "person", "La personne elle-même"


class AppointmentType(LabelledEnum):
    CONSEILLER_INTERVIEW = "conseiller_interview", "Entretien conseiller"
    SOCIAL_INTERVIEW = "social_interview", "Entretien travailleur social"
    TRIPARTITE = "tripartite", "Rendez-vous tripartite"
    HOME_VISIT = "home_visit", "Visite à domicile"
    WORKSHOP = "workshop", "Atelier collectif"
    ACCOMPANIED_STEP = "accompanied_step", "Démarche accompagnée"


class AppointmentMode(LabelledEnum):
    ON_SITE = "on_site", "Sur place"
    PHONE = "phone", "Téléphone"
    VIDEO = "video", "Visioconférence"
    AT_HOME = "at_home", "À domicile"


class Attendance(LabelledEnum):
    PLANNED = "planned", "Prévu"
    HONOURED = "honoured", "Honoré"
    EXCUSED = "excused", "Excusé"
    ABSENT = "absent", "Absent"
    CANCELLED = "cancelled", "Annulé"


class EventKind(LabelledEnum):
    """The steps and changes recorded in a dossier's history."""

    ORIENTATION = "orientation", "Orientation"
    DIAGNOSTIC = "diagnostic", "Début du diagnostic partagé"
    DIAGNOSTIC_VALIDATED = "diagnostic_validated", "Diagnostic partagé validé"
    ENTRY = "entry", "Entrée en accompagnement"
    RENEWAL = "renewal", "Renouvellement"
    EXIT = "exit", "Sortie du dispositif"
    REOPENING = "reopening", "Réouverture"
    IDENTITY = "identity", "Identité ou coordonnées modifiées"
    CONSENT = "consent", "Accord de partage avec France Travail"
    REFERENT_CHANGE = "referent_change", "Changement de professionnel dans le binôme"
    ANONYMISED = "anonymised", "Anonymisation (durée de conservation atteinte)"
