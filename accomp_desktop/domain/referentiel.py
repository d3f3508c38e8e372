"""The référentiel of themes, situations, objectives and actions, read from an editable TOML file.

A département adapts ``referentiel.toml`` without touching the code, so the file is validated at start and
every problem is reported in French with the line it sits on. Theme codes are the national codes of the
Carnet de bord référentiel, kept as stable identifiers for data exchange.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accomp_desktop.domain.enums import Side
from accomp_desktop.domain.errors import (
    ReferentielError as ReferentielError,  # re-exported: its home is errors
)

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_LIST_KEYS = ("situations", "objectives", "actions")
_KNOWN_KEYS = {"code", "label", "side", "diagnostic", "objective_themes", *_LIST_KEYS}


@dataclass(frozen=True, slots=True)
class Theme:
    code: str
    label: str
    side: Side
    in_diagnostic: bool
    situations: tuple[str, ...]
    objectives: tuple[str, ...]
    actions: tuple[str, ...]
    objective_themes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Referentiel:
    themes: tuple[Theme, ...]
    source: Path

    def theme(self, code: str) -> Theme:
        for theme in self.themes:
            if theme.code == code:
                return theme
        raise KeyError(code)

    def diagnostic_themes(self, side: Side | None = None) -> tuple[Theme, ...]:
        return tuple(t for t in self.themes if t.in_diagnostic and (side is None or t.side is side))


def load_referentiel(path: Path) -> Referentiel:
    """Read and validate the référentiel; raise :class:`ReferentielError` with a French, line-precise
    message."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReferentielError(f"Le fichier du référentiel est introuvable : {path}") from None
    except UnicodeDecodeError:
        raise ReferentielError(f"{path} : le fichier doit être enregistré en UTF-8.") from None
    except OSError as error:
        raise ReferentielError(
            f"Le fichier du référentiel ne peut pas être lu : {path} ({error.strerror})"
        ) from None
    import tomllib  # on use: the file is read after sign-in, the first window appears sooner

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib's message ends with "(at line N, column M)"; say it in French.
        message = str(error)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        place = f"ligne {where.group(1)}, colonne {where.group(2)}" if where else "emplacement inconnu"
        reason = message[: where.start()].strip() if where else message
        raise ReferentielError(f"{path}, {place} : syntaxe TOML invalide ({reason}).") from None
    return _validate(data, text, path)


def _theme_lines(text: str) -> list[int]:
    """Line numbers (1-based) of each ``[[themes]]`` header, in order: where to point for theme number i."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if line.strip() == "[[themes]]"]


def _validate(data: dict[str, Any], text: str, path: Path) -> Referentiel:
    raw_themes = data.get("themes")
    if not isinstance(raw_themes, list) or not raw_themes:
        raise ReferentielError(f"{path} : aucun thème trouvé (attendu : des blocs [[themes]]).")
    header_lines = _theme_lines(text)
    themes: list[Theme] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_themes):
        line = header_lines[index] if index < len(header_lines) else 0

        def fail(message: str, line: int = line) -> ReferentielError:
            return ReferentielError(f"{path}, ligne {line} : {message}")

        code = raw.get("code")
        if not isinstance(code, str) or not _CODE.match(code):
            raise fail(
                f"le thème n° {index + 1} n'a pas de code valide (lettres minuscules, chiffres et « _ »)."
            )
        unknown = sorted(set(raw) - _KNOWN_KEYS)
        if unknown:
            raise fail(f"thème « {code} » : clé inconnue « {unknown[0]} ».")
        if code in seen:
            raise fail(f"le code « {code} » est déjà utilisé par le thème de la ligne {seen[code]}.")
        seen[code] = line
        label = raw.get("label")
        if not isinstance(label, str) or not label.strip():
            raise fail(f"thème « {code} » : le libellé (label) est manquant.")
        side_value = raw.get("side")
        if side_value not in {s.value for s in Side}:
            raise fail(f"thème « {code} » : côté « {side_value} » inconnu (attendu : emploi ou social).")
        in_diagnostic = raw.get("diagnostic", False)
        if not isinstance(in_diagnostic, bool):
            raise fail(f"thème « {code} » : « diagnostic » doit valoir true ou false.")
        lists: dict[str, tuple[str, ...]] = {}
        for key in (*_LIST_KEYS, "objective_themes"):
            values = raw.get(key, [])
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                raise fail(f"thème « {code} » : « {key} » doit être une liste de libellés non vides.")
            lists[key] = tuple(v.strip() for v in values)
        themes.append(
            Theme(
                code=code,
                label=label.strip(),
                side=Side(side_value),
                in_diagnostic=in_diagnostic,
                situations=lists["situations"],
                objectives=lists["objectives"],
                actions=lists["actions"],
                objective_themes=lists["objective_themes"],
            )
        )
    for theme in themes:
        for target in theme.objective_themes:
            if target not in seen:
                raise ReferentielError(
                    f"{path}, ligne {seen[theme.code]} : thème « {theme.code} » : "
                    f"objective_themes cite un thème inconnu « {target} »."
                )
    return Referentiel(themes=tuple(themes), source=path)
