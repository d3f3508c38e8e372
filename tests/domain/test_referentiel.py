from pathlib import Path

import pytest

from accomp_desktop.domain.enums import Side
from accomp_desktop.domain.referentiel import Referentiel, ReferentielError, load_referentiel

NATIONAL_CODES = {
    "logement",
    "emploi",
    "formation",
    "difficulte_administrative",
    "difficulte_financiere",
    "mobilite",
    "sante",
    "contraintes_familiales",
    "maitrise_langue",
    "numerique",
    "choisir_un_metier",
    "se_former",
    "preparer_sa_candidature",
    "trouver_un_emploi",
    "creer_une_entreprise",
    "s_ouvrir_a_l_international",
}


def test_shipped_file_uses_the_national_theme_codes(referentiel: Referentiel) -> None:
    assert {t.code for t in referentiel.themes} == NATIONAL_CODES
    assert referentiel.theme("logement").side is Side.SOCIAL
    assert referentiel.theme("maitrise_langue").side is Side.EMPLOI
    assert "Hébergé chez un tiers" in referentiel.theme("logement").situations
    assert len(referentiel.diagnostic_themes()) == 10
    assert {t.code for t in referentiel.diagnostic_themes(Side.SOCIAL)} == {
        "logement",
        "difficulte_administrative",
        "difficulte_financiere",
        "mobilite",
        "sante",
        "contraintes_familiales",
    }


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "referentiel.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """version = 1

[[themes]]
code = "logement"
label = "Logement"
side = "social"
diagnostic = true
situations = ["Hébergé chez un tiers"]

[[themes]]
code = "emploi"
label = "Emploi"
side = "emploi"
"""


def test_a_minimal_file_loads(tmp_path: Path) -> None:
    loaded = load_referentiel(write(tmp_path, GOOD))
    assert [t.code for t in loaded.themes] == ["logement", "emploi"]


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (
            GOOD.replace('side = "emploi"', 'side = "sociale"'),
            r"ligne 10 : thème « emploi » : côté « sociale » inconnu",
        ),
        (
            GOOD.replace('code = "emploi"', 'code = "logement"'),
            r"ligne 10 : le code « logement » est déjà utilisé par le thème de la ligne 3",
        ),
        (GOOD.replace('label = "Emploi"', 'label = ""'), r"ligne 10 : thème « emploi » : le libellé"),
        (
            GOOD.replace('code = "emploi"', 'code = "Emploi!"'),
            r"ligne 10 : le thème n° 2 n'a pas de code valide",
        ),
        (
            GOOD.replace("diagnostic = true", 'diagnostic = "oui"'),
            r"ligne 3 : thème « logement » : « diagnostic »",
        ),
        (
            GOOD.replace('situations = ["Hébergé chez un tiers"]', "situations = [3]"),
            r"ligne 3 : .*situations",
        ),
        (GOOD + 'objective_themes = ["inconnu"]\n', r"ligne 10 : .*thème inconnu « inconnu »"),
        (GOOD + 'colour = "bleu"\n', r"ligne 10 : thème « emploi » : clé inconnue « colour »"),
        (
            GOOD.replace('label = "Logement"', 'label = "Logement'),
            r"ligne 5, colonne \d+ : syntaxe TOML invalide",
        ),
    ],
)
def test_a_broken_file_names_the_line(tmp_path: Path, broken: str, expected: str) -> None:
    with pytest.raises(ReferentielError, match=expected):
        load_referentiel(write(tmp_path, broken))


def test_missing_and_non_utf8_files_are_explained(tmp_path: Path) -> None:
    with pytest.raises(ReferentielError, match="introuvable"):
        load_referentiel(tmp_path / "absent.toml")
    path = tmp_path / "latin1.toml"
    path.write_bytes(GOOD.encode("latin-1"))
    with pytest.raises(ReferentielError, match="UTF-8"):
        load_referentiel(path)


def test_a_file_without_themes_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReferentielError, match="aucun thème"):
        load_referentiel(write(tmp_path, "version = 1\n"))


def test_labels_say_france_travail_and_durations_go_shortest_first(referentiel: Referentiel) -> None:
    labels = [label for theme in referentiel.themes for label in (*theme.situations, *theme.actions)]
    assert not [label for label in labels if "Pôle emploi" in label]  # France Travail since 2024
    emploi = next(theme for theme in referentiel.themes if theme.code == "emploi")
    durations = [s for s in emploi.situations if "sans emploi" in s]
    assert durations == [
        "Moins de 6 mois sans emploi",
        "Plus de 6 mois sans emploi",
        "Plus d'1 an sans emploi",
        "Plus de 2 ans sans emploi",
        "Plus de 5 ans sans emploi",
        "Plus de 10 ans sans emploi",
    ]
