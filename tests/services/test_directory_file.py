"""Loading the directory from a CSV file: all or nothing, each bad line named, the same file twice changes
nothing, a changed file changes only what differs (a new member is a replacement, kept in the history)."""

from datetime import date

import pytest
from sqlalchemy import text

from accomp_desktop.domain.access import AccessDenied
from accomp_desktop.domain.enums import Institution, Role
from accomp_desktop.domain.model import Professional
from accomp_desktop.services.directory import DirectoryService
from accomp_desktop.services.directory_file import COLUMNS, DirectoryFileError, load, parse, template
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.models import new_id
from accomp_desktop.storage.session import Store

TODAY = date(2026, 11, 29)
HEADER = ";".join(COLUMNS)
BINOME = "Binôme Barsuraubois"


@pytest.fixture
def admin(store: Store) -> str:
    me = Professional(
        new_id(),
        "Claire",
        "Rousseau",
        Institution.DEPARTEMENT,
        Role.OTHER,
        email="claire.rousseau@aube.fr",
        admin=True,
    )
    with store.unit_of_work() as session:
        repo.add_professional(session, me, author_id=me.id)
    return me.id


def csv(*rows: str, bom: bool = True, encoding: str = "utf-8") -> bytes:
    body = "\r\n".join((HEADER, *rows)) + "\r\n"
    return (("\ufeff" if bom else "") + body).encode(encoding)


JEAN = (
    "Jean-Marc;Lefèvre;Conseiller;France Travail;jm.lefevre@francetravail.fr;03 25 12 34 56;non;oui;"
    f"{BINOME};Barsuraubois;10200 10140;70;100"
)
AICHA = (
    "Aïcha;N'Diaye;Travailleur social;Département;aicha.ndiaye@aube.fr;;non;;"
    f"{BINOME};Barsuraubois;10200;70;100"
)


def snapshot(store: Store) -> list[object]:
    with store.unit_of_work() as session:
        return [
            row
            for table in ("professionals", "binomes", "territories", "binome_members", "directory_changes")
            for row in session.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()
        ]


def test_the_template_loads_and_loading_it_again_changes_nothing(store: Store, admin: str) -> None:
    report = load(store, template(), author_id=admin, today=TODAY)
    assert (report.added, report.territories, report.binomes) == (2, 1, 1)  # Claire Rousseau is already there
    [team] = DirectoryService(store).teams()
    assert team.binome.name == "Binôme Barsuraubois" and team.binome.territory == "Barsuraubois"
    assert team.conseiller is not None and team.conseiller.display_name == "Jean-Marc Lefèvre"
    before = snapshot(store)
    again = load(store, template(), author_id=admin, today=TODAY)
    assert again.sentence == "Annuaire déjà à jour : rien à changer."
    assert snapshot(store) == before


@pytest.mark.parametrize(("bom", "encoding"), [(True, "utf-8"), (False, "utf-8"), (False, "cp1252")])
def test_spreadsheet_encodings_are_read_with_their_accents(
    store: Store, admin: str, bom: bool, encoding: str
) -> None:
    load(store, csv(JEAN, AICHA, bom=bom, encoding=encoding), author_id=admin, today=TODAY)
    names = {p.display_name for p in DirectoryService(store).professionals()}
    assert {"Jean-Marc Lefèvre", "Aïcha N'Diaye"} <= names
    assert DirectoryService(store).territories()[0].postcodes == ("10200", "10140")


def test_every_bad_line_is_named_in_french_and_nothing_is_written(store: Store, admin: str) -> None:
    before = snapshot(store)
    bad = csv(
        JEAN,
        "Léa;;Conseiller;France Travail;lea@francetravail.fr;;;;;;;;",  # no name
        "Paul;Ôzil;Chauffeur;;paul@francetravail.fr;;;;;;;;",  # unknown role
        "Zoé;Abadie;Conseiller;Département;zoe@aube.fr;;;;;;;;",  # a conseiller is of France Travail
        "Inès;Roy;Travailleur social;;ines@aube.fr;0612;peut-être;;;;;;",  # bad phone and yes/no
        "Hugo;Blanc;Travailleur social;;;;;;;;;;",  # no e-mail
    )
    with pytest.raises(DirectoryFileError) as caught:
        load(store, bad, author_id=admin, today=TODAY)
    lines = caught.value.lines
    assert any(line.startswith("Ligne 3 : Le nom est obligatoire") for line in lines)
    assert any(line.startswith("Ligne 4 : fonction « Chauffeur » inconnue") for line in lines)
    assert any(
        line.startswith("Ligne 5 : Un conseiller France Travail relève de France Travail") for line in lines
    )
    assert any(line.startswith("Ligne 6 : administrateur : écrivez « oui » ou « non »") for line in lines)
    assert any(line.startswith("Ligne 7 : l'e-mail est obligatoire") for line in lines)
    assert snapshot(store) == before


def test_a_binome_needs_one_conseiller_and_one_travailleur_social(store: Store, admin: str) -> None:
    other = "Zoé;Abadie;Conseiller;;zoe@francetravail.fr;;;;" + f"{BINOME};Barsuraubois;;;"
    with pytest.raises(DirectoryFileError, match="exactement un conseiller et un travailleur social"):
        load(store, csv(JEAN, other), author_id=admin, today=TODAY)
    with pytest.raises(DirectoryFileError, match="déjà celui de la ligne 2"):
        load(store, csv(JEAN, AICHA, JEAN.replace("Jean-Marc", "Jean")), author_id=admin, today=TODAY)
    with pytest.raises(DirectoryFileError, match="Ligne 1 : colonne\\(s\\) manquante\\(s\\) : e-mail"):
        parse("prénom;nom;fonction\r\nA;B;Conseiller\r\n".encode())
    with pytest.raises(DirectoryFileError, match="vide"):
        parse(b"")


def test_a_changed_file_changes_what_differs_and_a_new_member_is_a_replacement(
    store: Store, admin: str
) -> None:
    load(store, csv(JEAN, AICHA), author_id=admin, today=TODAY)
    paul = (
        "Paul;Ôzil;Conseiller;France Travail;paul.ozil@francetravail.fr;;non;oui;"
        f"{BINOME};Barsuraubois;10200;75;95"
    )
    jean_gone = (
        "Jean-Marc;Lefèvre;Conseiller;France Travail;jm.lefevre@francetravail.fr;03 25 99 99 99;non;non;;;;;"
    )
    report = load(
        store, csv(jean_gone, AICHA.replace(";70;100", ";75;95"), paul), author_id=admin, today=TODAY
    )
    assert (report.added, report.replaced, report.deactivated) == (1, 1, 1)
    [team] = DirectoryService(store).teams()
    assert team.conseiller is not None and team.conseiller.display_name == "Paul Ôzil"
    assert (team.binome.target_min, team.binome.target_max) == (75, 95)
    jean = next(
        p for p in DirectoryService(store).professionals(include_inactive=True) if p.last_name == "Lefèvre"
    )
    assert not jean.active and jean.phone == "03 25 99 99 99"
    summaries = [c.summary for c in DirectoryService(store).history(viewer_id=admin)]
    assert any("Paul Ôzil remplace Jean-Marc Lefèvre" in s for s in summaries)


def test_only_an_administrator_loads_a_directory(store: Store, admin: str) -> None:
    load(store, csv(JEAN, AICHA), author_id=admin, today=TODAY)
    jean = next(p for p in DirectoryService(store).professionals() if p.last_name == "Lefèvre")
    with pytest.raises(AccessDenied):
        load(store, csv(JEAN.replace(";non;oui;", ";oui;oui;"), AICHA), author_id=jean.id, today=TODAY)
    assert not next(p for p in DirectoryService(store).professionals() if p.id == jean.id).admin
