"""The FTS5 search index follows every write to dossiers and persons (migration 0003 triggers)."""

from dataclasses import replace
from datetime import date

from sqlalchemy import text

from accomp_desktop.domain.enums import DossierStatus, Institution, Role, Route
from accomp_desktop.domain.model import Binome, Dossier, Person, Professional
from accomp_desktop.domain.text import name_sort_key, search_terms
from accomp_desktop.storage import repositories as repo
from accomp_desktop.storage.models import DossierRow, PersonRow, new_id
from accomp_desktop.storage.session import Store


def matches(store: Store, words: str) -> list[str]:
    query = " AND ".join(f'"{token}"*' for token in search_terms(words))
    with store.unit_of_work() as session:
        return sorted(
            session.scalars(
                text(
                    "SELECT d.id FROM dossier_search s JOIN dossiers d ON d.search_key = s.rowid "
                    "WHERE dossier_search MATCH :q"
                ),
                {"q": query},
            )
        )


def add(store: Store, last: str, first: str, ft_id: str = "") -> tuple[str, str]:
    with store.unit_of_work() as session:
        people = repo.list_professionals(session)
        if not people:
            a = repo.add_professional(
                session,
                Professional(new_id(), "A", "B", Institution.FRANCE_TRAVAIL, Role.CONSEILLER),
                author_id=None,
            )
            repo.add_binome(session, Binome("b1", "Binôme", "Troyes", a.id, a.id), author_id=None)
        person = repo.add_person(
            session, Person(new_id(), last, first, france_travail_id=ft_id), author_id=None
        )
        dossier = repo.add_dossier(
            session,
            Dossier(
                new_id(),
                f"AG-2026-{len(people) + 1:04d}x{last[:2]}",
                person.id,
                "b1",
                Route.GLOBAL,
                DossierStatus.ORIENTATION,
                date(2026, 1, 1),
            ),
            author_id=None,
        )
    return person.id, dossier.id


def test_names_are_found_whatever_the_accents_apostrophes_and_hyphens(store: Store) -> None:
    _, lefevre = add(store, "Lefèvre", "Élodie", "0123456A")
    _, ndiaye = add(store, "N'Diaye", "Jean-Marc")
    assert matches(store, "lefevre") == [lefevre]
    assert matches(store, "LEFÈVRE élo") == [lefevre]
    assert matches(store, "ndiaye") == [ndiaye]
    assert matches(store, "n'diaye") == [ndiaye]
    assert matches(store, "jean-ma") == [ndiaye]
    assert matches(store, "jeanmarc") == [ndiaye]
    assert matches(store, "0123456a") == [lefevre]
    assert matches(store, "dupont") == []
    _, nadia = add(store, "Diallo", "Nadia")
    assert matches(store, "n'dia") == [ndiaye]  # not Nadia Diallo: the apostrophe joins, as in the name
    assert matches(store, "n’diaye jean") == [ndiaye]
    assert matches(store, "nadia dia") == [nadia]


def test_index_follows_renames_and_deletions(store: Store) -> None:
    person_id, dossier_id = add(store, "Martin", "Zoé")
    with store.unit_of_work() as session:
        row = session.get(PersonRow, person_id)
        assert row is not None
        row.last_name = "Bœuf"
    assert matches(store, "martin") == []
    assert matches(store, "boeuf") == [dossier_id]
    assert matches(store, "Bœuf") == [dossier_id]
    with store.unit_of_work() as session:
        dossier = session.get(DossierRow, dossier_id)
        assert dossier is not None
        session.delete(dossier)
    assert matches(store, "zoe") == []


def test_sort_key_orders_like_a_phone_book() -> None:
    names = [
        ("Étienne", "Luc"),
        ("Zola", "Émile"),
        ("D'Angelo", "Anaïs"),
        ("Dangelo", "Aaron"),
        ("Le Goff", "Yves"),
    ]
    ordered = sorted(names, key=lambda n: name_sort_key(*n))
    assert ordered == [
        ("Dangelo", "Aaron"),
        ("D'Angelo", "Anaïs"),
        ("Étienne", "Luc"),
        ("Le Goff", "Yves"),
        ("Zola", "Émile"),
    ]
    assert name_sort_key("Lefèvre", "Élodie") == "lefevre elodie"


def test_list_order_follows_new_dossiers_and_renames(store: Store) -> None:
    """The case list sorts on the name copied into each dossier (migration 0011): a rename moves the row."""
    from accomp_desktop.domain.caselist import CaseQuery, Scope
    from accomp_desktop.services.caselist import CaseListService

    _, martin = add(store, "Martin", "Zoé")
    bernard_person, bernard = add(store, "Bernard", "Anne")
    service = CaseListService(store)
    everyone = CaseQuery(professional_id="nobody", today=date(2026, 3, 1), scope=Scope.ALL)
    assert service.ids(everyone) == [bernard, martin]
    with store.unit_of_work() as session:
        repo.update_person(session, bernard_person, {"last_name": "Zola"}, author_id=None)
    assert service.ids(everyone) == [martin, bernard]
    assert service.ids(replace(everyone, text="zola")) == [bernard]
    with store.unit_of_work() as session:
        keys = {row[0]: row[1] for row in session.execute(text("SELECT id, sort_key FROM dossiers"))}
    assert keys == {martin: "martin zoe", bernard: "zola anne"}
