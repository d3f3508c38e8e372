"""Sharing as a state machine: the travailleur social's and the conseiller's machines edit a dossier offline,
synchronise through a hub on the real PostgreSQL, and the network does what networks do — drops a request,
loses an acknowledgement, delivers twice, replays an old push, cuts a pull between two pages.

After every step: the conseiller's machine holds no confidential content, and no social content while the
consent it holds says no; an edit not yet acknowledged is still what its machine shows. At the end, once all
is delivered: each machine holds exactly what the hub says it may read (per-dossier hashes), every operation
ever written is in the hub's history, and no narrative text was replaced by a writer who had not seen it.

Each rule was broken once on purpose to see this test fail (README, « Partager entre les deux postes »):
last writer wins on a narrative text, a pull that ignores consent, a pull that overwrites a pending edit (the
professional types while a synchronisation is under way: ``edit_during_pull``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import text

from accomp_desktop.domain.enums import ConsentMethod, ObstacleLevel
from accomp_desktop.domain.errors import HubUnreachable
from accomp_desktop.domain.referentiel import Referentiel
from accomp_desktop.domain.replication import NARRATIVE
from accomp_desktop.hub.local_postgres import LocalPostgres
from accomp_desktop.hub.local_transport import LocalTransport
from accomp_desktop.hub.store import Hub
from accomp_desktop.services.diagnostic import DiagnosticService, EntryDraft
from accomp_desktop.services.dossier_records import PersonDraft
from accomp_desktop.services.dossiers import DossierService
from accomp_desktop.services.sync import SyncClient
from accomp_desktop.storage import replica
from tests.factories import add_dossier, seed
from tests.hub.conftest import HubDatabase, drop_hub_database, new_hub_database
from tests.hub.machines import Desktop

TODAY = date(2026, 11, 22)
FATES = ("deliver", "drop", "lose_ack", "duplicate", "replay_old", "cut_pull", "edit_during_pull")
WORDS = st.sampled_from(["Hébergée chez sa sœur", "Dette de loyer", "CV à jour", "L'Haÿ-les-Roses", "ŒUVRE"])


class Network:
    """Between one machine and the hub: does what ``fate`` says to the next exchange."""

    def __init__(self, inner: LocalTransport) -> None:
        self.inner = inner
        self.fate = "deliver"
        self.old_pushes: list[list[dict[str, Any]]] = []
        self.during: Callable[[], None] | None = None
        """An edit the professional makes while a page is on its way (after the push, before it applies)."""

    def push(self, operations: list[dict[str, Any]]) -> Mapping[str, Any]:
        fate, self.fate = self.fate, "deliver"
        if fate == "drop":
            raise HubUnreachable("coupé avant le hub")
        if fate == "replay_old" and self.old_pushes:
            self.inner.push(self.old_pushes[0])  # an old batch arriving late: must change nothing
        self.old_pushes.append(operations)
        answer = self.inner.push(operations)
        if fate == "duplicate":
            answer = self.inner.push(operations)
        if fate == "lose_ack":
            raise HubUnreachable("accusé de réception perdu")
        return answer

    def pull(self, cursor: int) -> Mapping[str, Any]:
        page = self.inner.pull(cursor)
        if self.during is not None:
            edit, self.during = self.during, None
            edit()
        if self.fate == "cut_pull" and page.get("more"):
            self.fate = "deliver"
            raise HubUnreachable("coupé entre deux pages")
        return page

    def hashes(self, dossier_ids: list[str]) -> Mapping[str, str]:
        return self.inner.hashes(dossier_ids)

    def dossier(self, dossier_id: str) -> Mapping[str, Any]:
        return self.inner.dossier(dossier_id)


@dataclass
class Machine:
    desktop: Desktop
    network: Network
    client: SyncClient
    professional: str
    edits: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    """Values this machine wrote and has not seen acknowledged: what it must keep showing."""

    def pending_fields(self) -> set[tuple[str, str, str]]:
        with self.desktop.store.engine.connect() as connection:
            rows = connection.execute(text("SELECT entity, entity_id, field FROM sync_outbox"))
            return {tuple(row) for row in rows}  # type: ignore[misc]

    def value(self, entity: str, entity_id: str, name: str) -> Any:
        return self.desktop.scalar(f'SELECT "{name}" FROM {entity} WHERE id = :i', i=entity_id)


class Sharing(RuleBasedStateMachine):
    """Two machines, one hub, one dossier; built fresh for each scenario by :func:`scenario`."""

    make: Callable[[], tuple[Machine, Machine, HubDatabase, str, Referentiel]]

    def __init__(self) -> None:
        super().__init__()
        self.social, self.conseiller, self.hub_db, self.dossier_id, self.referentiel = type(self).make()
        self.op_ids: set[str] = set()
        self.texts = itertools.count(1)

    # --- edits ------------------------------------------------------------------------------------------

    def _remember(self, machine: Machine, entity: str, entity_id: str, name: str) -> None:
        machine.edits[(entity, entity_id, name)] = machine.value(entity, entity_id, name)

    @rule(who=st.sampled_from(["social", "conseiller"]), words=WORDS)
    def write_strengths(self, who: str, words: str) -> None:
        """A narrative text both sides write: never overwritten unseen."""
        machine = getattr(self, who)
        text_ = f"{words} ({who} {next(self.texts)})"
        DiagnosticService(machine.desktop.store, self.referentiel).save_texts(
            self.dossier_id, strengths=text_, wishes="", author_id=machine.professional
        )
        row = machine.desktop.scalar(
            "SELECT id FROM diagnostic_texts WHERE dossier_id = :d", d=self.dossier_id
        )
        self._remember(machine, "diagnostic_texts", str(row), "strengths")

    @rule(who=st.sampled_from(["social", "conseiller"]), number=st.integers(10, 99))
    def change_phone(self, who: str, number: int) -> None:
        """A scalar both sides write: the last in hub order wins."""
        machine = getattr(self, who)
        person = str(
            machine.desktop.scalar("SELECT person_id FROM dossiers WHERE id = :d", d=self.dossier_id)
        )
        draft = PersonDraft("Lefèvre", "Anne", "04/07/1985", phone=f"06 12 34 56 {number}")
        DossierService(machine.desktop.store).update_person(
            self.dossier_id, draft, author_id=machine.professional, today=TODAY
        )
        self._remember(machine, "persons", person, "phone")

    @rule(words=WORDS)
    def social_note(self, words: str) -> None:
        DossierService(self.social.desktop.store).add_note(
            self.dossier_id, f"{words} — social {next(self.texts)}", author_id=self.social.professional
        )

    @rule(words=WORDS)
    def confidential_entry(self, words: str) -> None:
        DiagnosticService(self.social.desktop.store, self.referentiel).save_entry(
            self.dossier_id,
            EntryDraft("sante", (), ObstacleLevel.BLOCKING, f"{words} confidentiel", confidential=True),
            author_id=self.social.professional,
        )

    @rule(who=st.sampled_from(["social", "conseiller"]), picks=st.sets(st.integers(0, 3), max_size=3))
    def tick_situations(self, who: str, picks: set[int]) -> None:
        """Each side ticks situations of its own theme: per-element sets."""
        machine = getattr(self, who)
        code = "logement" if who == "social" else "emploi"
        theme = next(t for t in self.referentiel.diagnostic_themes() if t.code == code)
        situations = tuple(theme.situations[i] for i in sorted(picks))
        DiagnosticService(machine.desktop.store, self.referentiel).save_entry(
            self.dossier_id, EntryDraft(code, situations, ObstacleLevel.MAJOR), author_id=machine.professional
        )

    @rule(consent=st.booleans())
    def consent(self, consent: bool) -> None:
        DossierService(self.social.desktop.store).set_consent(
            self.dossier_id,
            consent,
            method=ConsentMethod.WRITTEN if consent else None,
            author_id=self.social.professional,
            today=TODAY,
        )

    # --- the network --------------------------------------------------------------------------------------

    @rule(who=st.sampled_from(["social", "conseiller"]), fate=st.sampled_from(FATES))
    def sync(self, who: str, fate: str) -> None:
        machine = getattr(self, who)
        self.op_ids |= self._outbox_ids(machine)
        machine.network.fate = fate
        if fate == "edit_during_pull":
            machine.network.during = lambda: self.write_strengths(who, "Saisi pendant la synchronisation")
        try:
            machine.client.sync()
        except HubUnreachable:
            pass
        machine.network.fate, machine.network.during = "deliver", None
        waiting = machine.pending_fields()
        machine.edits = {key: value for key, value in machine.edits.items() if key in waiting}

    def _outbox_ids(self, machine: Machine) -> set[str]:
        with machine.desktop.store.engine.connect() as connection:
            return set(connection.execute(text("SELECT op_id FROM sync_outbox")).scalars())

    # --- what must hold at every step ----------------------------------------------------------------------

    @invariant()
    def conseiller_never_holds_confidential_nor_unconsented_social(self) -> None:
        desk = self.conseiller.desktop
        assert desk.scalar("SELECT count(*) FROM diagnostic_entries WHERE confidential = 1") == 0
        assert desk.scalar("SELECT count(*) FROM diagnostic_entries WHERE theme_code = 'sante'") == 0
        consent = desk.scalar("SELECT share_consent FROM dossiers WHERE id = :d", d=self.dossier_id)
        if not consent:
            assert desk.scalar("SELECT count(*) FROM notes") == 0
            assert desk.scalar("SELECT count(*) FROM diagnostic_entries WHERE side = 'social'") == 0
            assert desk.scalar("SELECT count(*) FROM diagnostic_situations s JOIN diagnostic_entries e "
                               "ON e.id = s.entry_id WHERE e.side = 'social'") == 0  # fmt: skip

    @invariant()
    def unsent_edits_stay_visible(self) -> None:
        for machine in (self.social, self.conseiller):
            for (entity, entity_id, name), value in machine.edits.items():
                assert machine.value(entity, entity_id, name) == value, (entity, name)

    # --- at the end ---------------------------------------------------------------------------------------

    def quiesce_and_check(self) -> None:
        for machine in (self.social, self.conseiller, self.social, self.conseiller):
            self.op_ids |= self._outbox_ids(machine)
            machine.client.sync()
        for machine in (self.social, self.conseiller):
            assert machine.pending_fields() == set()
            with machine.desktop.store.engine.connect() as connection:
                ids = replica.dossier_ids(connection)
                ours = replica.local_hashes(connection, ids)
            theirs = machine.network.hashes(ids)
            assert ours == dict(theirs), "a machine differs from what the hub says it may read"
        with self.hub_db.owner() as connection:
            history = {row[0] for row in connection.execute("SELECT op_id FROM hub_ops")}
            assert self.op_ids <= history, "an operation never reached the hub"
            ops = connection.execute(
                "SELECT entity, entity_id, field, value, previous, base, outcome, hub_seq FROM hub_ops "
                "WHERE outcome = 'applied' ORDER BY hub_seq"
            ).fetchall()
        last_seq: dict[tuple[str, str, str], int] = {}
        for entity, entity_id, name, value, previous, base, _, hub_seq in ops:
            key = (entity, entity_id, name)
            if (
                (entity, name) in NARRATIVE
                and key in last_seq
                and previous not in (None, "")
                and value != previous
            ):
                assert base >= last_seq[key], f"{entity}.{name} overwritten by a writer who had not seen it"
            last_seq[key] = hub_seq

    def teardown(self) -> None:
        try:
            self.quiesce_and_check()
        finally:
            for machine in (self.social, self.conseiller):
                machine.desktop.close()


def _builder(
    tmp_path: Path, hub_db_factory: Callable[[], HubDatabase], referentiel: Referentiel
) -> Callable[[], Any]:
    counter = itertools.count(1)

    def make() -> tuple[Machine, Machine, HubDatabase, str, Referentiel]:
        hub_db = hub_db_factory()
        root = tmp_path / f"scenario-{next(counter)}"
        social_pc = Desktop.new(root / "ts")
        conseiller, social, binome = seed(social_pc.store)
        dossier_id = add_dossier(social_pc.store, binome.id, social.id)
        DossierService(social_pc.store).start_diagnostic(dossier_id, author_id=social.id, today=TODAY)
        machines = []
        for desk, professional in ((social_pc, social.id), (Desktop.new(root / "cft"), conseiller.id)):
            site = SyncClient(desk.store, None).site_id()  # type: ignore[arg-type]
            with hub_db.connect() as connection:
                enrolment = Hub(connection).enrol(professional, site_id=site)
            transport = LocalTransport(hub_db.connect, site, enrolment.token, page=25)
            network = Network(transport)
            client = SyncClient(desk.store, network, batch=40)
            with desk.store.engine.connect() as connection:
                holds = bool(connection.execute(text("SELECT count(*) FROM professionals")).scalar())
            client.joined(site_code=enrolment.code, first_upload=holds)
            client.sync()
            machines.append(Machine(desk, network, client, professional))
        return machines[0], machines[1], hub_db, dossier_id, referentiel

    return make


@pytest.fixture
def fresh_hubs(postgres: LocalPostgres) -> Iterator[Callable[[], HubDatabase]]:
    """A new hub database per scenario (dropped at the end of the test)."""
    made: list[HubDatabase] = []

    def factory() -> HubDatabase:
        made.append(new_hub_database(postgres))
        return made[-1]

    yield factory
    for database in made:
        drop_hub_database(database)


def run_sharing(
    tmp_path: Path, fresh_hubs: Callable[[], HubDatabase], referentiel: Referentiel, examples: int
) -> None:
    Sharing.make = staticmethod(_builder(tmp_path, fresh_hubs, referentiel))  # type: ignore[assignment]
    run_state_machine_as_test(
        Sharing,
        settings=settings(
            max_examples=examples,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
            derandomize=True,
        ),
    )


def test_two_machines_and_a_hub_through_an_unreliable_network(
    tmp_path: Path, fresh_hubs: Callable[[], HubDatabase], referentiel: Referentiel
) -> None:
    run_sharing(tmp_path, fresh_hubs, referentiel, examples=30)
