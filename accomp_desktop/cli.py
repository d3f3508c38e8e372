"""The ``accomp-desktop`` command: parses arguments, then starts the window or runs a batch command.

Kept free of Qt so that ``--version`` and batch commands start fast and run on a machine with no display;
the Qt application is imported only when the window is wanted.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from accomp_desktop import __version__
from accomp_desktop.options import Options

PROCESS_START = time.perf_counter()
"""Taken as early as the package allows: start-up time is measured from here to the first paint."""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un nombre entier") from None
    if value < 1:
        raise argparse.ArgumentTypeError("le nombre doit être au moins 1")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une durée en secondes") from None
    if value < 0:
        raise argparse.ArgumentTypeError("la durée ne peut pas être négative")
    return value


COMMANDS = ("dossiers", "plan-pdf", "licences", "restaurer", "initialiser", "annuaire")


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accomp-desktop",
        description="Accomp Desktop : le suivi des dossiers de l'accompagnement global, hors ligne.",
    )
    parser.add_argument("--version", action="version", version=f"Accomp Desktop {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DOSSIER",
        help="dossier des données (base, journaux, sauvegardes) ; par défaut celui de l'utilisateur",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="ouvrir une base de démonstration (créée au besoin, séparée des données réelles)",
    )
    parser.add_argument(
        "--demo-size",
        type=_positive_int,
        metavar="N",
        help="nombre de dossiers de démonstration à créer (implique --demo ; 250 par défaut)",
    )
    parser.add_argument(
        "--profile",
        default="",
        metavar="PROFIL",
        help="profil qui se connecte (nom ou identifiant) ; la phrase de passe est demandée, ou lue dans "
        "la variable ACCOMP_PASSPHRASE",
    )
    parser.add_argument(
        "--quit-after",
        type=_seconds,
        metavar="SECONDES",
        help="fermer l'application après ce délai (tests de démarrage)",
    )
    if not with_commands:
        return parser
    from accomp_desktop.domain.enums import DossierStatus  # the vocabularies load only for a command

    commands = parser.add_subparsers(dest="command", title="commandes", metavar="COMMANDE")
    dossiers = commands.add_parser(
        "dossiers",
        help="lister les dossiers en CSV (séparateur « ; »)",
        description="Affiche les dossiers correspondants en CSV : référence, nom, prénom, identifiant, "
        "statut, binôme.",
    )
    dossiers.add_argument(
        "--search", default="", metavar="TEXTE", help="nom, prénom, identifiant ou référence"
    )
    dossiers.add_argument("--status", choices=[s.value for s in DossierStatus], help="statut du dossier")
    dossiers.add_argument(
        "--mine",
        action="store_true",
        help="seulement les dossiers de mes binômes (sinon tout le département, en ne montrant des "
        "autres que l'identité, la référence, le binôme et le statut)",
    )
    plan = commands.add_parser(
        "plan-pdf",
        help="imprimer le plan d'action de dossiers en PDF",
        description="Produit « Mon plan d'action » des dossiers donnés (sans les éléments confidentiels) "
        "et le "
        "garde dans chaque dossier comme nouvelle version.",
    )
    plan.add_argument(
        "references", nargs="+", metavar="RÉFÉRENCE", help="référence du dossier (AG-2026-0042)"
    )
    plan.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="CHEMIN",
        help="fichier .pdf (une seule référence) ou dossier où écrire RÉFÉRENCE.pdf",
    )
    commands.add_parser("licences", help="lister les composants fournis, leurs versions et leurs licences")
    restore = commands.add_parser(
        "restaurer",
        help="remettre en place une sauvegarde (application fermée)",
        description="Remplace la base par la sauvegarde donnée, après l'avoir vérifiée ; l'état actuel "
        "est gardé "
        "comme sauvegarde « avant une restauration ».",
    )
    restore.add_argument(
        "backup",
        type=Path,
        metavar="SAUVEGARDE",
        help="fichier de sauvegarde (chemin, ou nom dans le dossier backups)",
    )
    from accomp_desktop.domain.enums import Institution, Role

    initialise = commands.add_parser(
        "initialiser",
        help="créer un dossier de données et son premier administrateur",
        description="Crée la base chiffrée d'un poste et le profil de son premier administrateur (la "
        "phrase de passe "
        "est demandée deux fois, ou lue dans la variable ACCOMP_PASSPHRASE). Refuse un dossier qui a "
        "déjà une base.",
    )
    initialise.add_argument("--prenom", required=True, metavar="PRÉNOM")
    initialise.add_argument("--nom", required=True, metavar="NOM")
    initialise.add_argument(
        "--fonction",
        required=True,
        choices=[r.value for r in Role],
        help="conseiller, travailleur_social ou other (coordination)",
    )
    initialise.add_argument(
        "--institution",
        default="",
        choices=["", *[i.value for i in Institution]],
        help="par défaut celle de la fonction (France Travail pour un conseiller)",
    )
    initialise.add_argument("--email", default="", metavar="E-MAIL")
    initialise.add_argument("--telephone", default="", metavar="TÉLÉPHONE")
    directory = commands.add_parser(
        "annuaire",
        help="charger les professionnels, territoires et binômes d'un fichier CSV",
        description="Charge l'annuaire du dispositif depuis un fichier CSV (« ; », UTF-8) : une ligne par "
        "professionnel, reconnu par son e-mail. Tout ou rien ; charger deux fois le même fichier ne "
        "change rien. "
        "Réservé à un administrateur (--profile).",
    )
    directory.add_argument("file", type=Path, metavar="FICHIER.csv")
    directory.add_argument(
        "--modele",
        action="store_true",
        help="écrire dans FICHIER.csv un modèle à remplir (colonnes et exemples) au lieu de charger",
    )
    return parser


def parse_options(argv: list[str] | None = None) -> Options:
    words = sys.argv[1:] if argv is None else argv
    # The sub-commands' parsers cost ~6 ms to build (argparse looks for translations of each help text): a
    # window start, which names no command and asks no help, is parsed without them, with the same result.
    full = any(word in COMMANDS or word in ("-h", "--help") for word in words)
    args = build_parser(with_commands=full).parse_args(argv)
    return Options(
        data_dir=args.data_dir,
        demo=args.demo or args.demo_size is not None,
        demo_size=args.demo_size or 250,
        quit_after=args.quit_after,
        command=getattr(args, "command", None),
        search=getattr(args, "search", ""),
        status=getattr(args, "status", None),
        references=tuple(getattr(args, "references", ())),
        output=getattr(args, "output", None),
        profile=args.profile,
        backup=getattr(args, "backup", None),
        mine=getattr(args, "mine", False),
        identity=tuple(
            getattr(args, name, "")
            for name in ("prenom", "nom", "fonction", "institution", "email", "telephone")
        ),
        file=getattr(args, "file", None),
        template=getattr(args, "modele", False),
    )


def main(argv: list[str] | None = None) -> int:
    try:
        status = _main(argv)
        # here, not at exit: output shorter than the buffer meets the gone reader only then
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # The reader stopped reading (« … dossiers | head »): normal in a pipeline, not an error to report.
        # Python would still print a traceback while flushing stdout at exit: point it at nothing first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: list[str] | None) -> int:
    options = parse_options(argv)
    if options.command == "dossiers":
        return _dossiers(options)
    if options.command == "plan-pdf":
        return _plan_pdf(options)
    if options.command == "restaurer":
        return _restore(options)
    if options.command in ("initialiser", "annuaire"):
        return _set_up(options)
    if options.command == "licences":
        from accomp_desktop.licences import LGPL_NOTICE, bundled_libraries

        for library in bundled_libraries():
            print(f"{library.name};{library.version};{library.licence}")
        print(LGPL_NOTICE)
        return 0
    from accomp_desktop.display import graphical_session_problem

    problem = graphical_session_problem()
    if problem:  # said before Qt starts: Qt would abort with its own English message
        print(problem, file=sys.stderr)
        return 2  # as the window's other environment errors (app.EXIT_ENVIRONMENT_ERROR)
    from accomp_desktop.app import run  # deferred: Qt loads only when the window is wanted

    return run(options, started=PROCESS_START)


def _dossiers(options: Options) -> int:
    from accomp_desktop.commands import CommandError, list_dossiers
    from accomp_desktop.domain.enums import DossierStatus
    from accomp_desktop.storage.location import DataFolder, default_data_dir

    folder = DataFolder(options.data_dir or default_data_dir(demo=options.demo))
    status = DossierStatus(options.status) if options.status else None
    try:
        list_dossiers(
            folder, search=options.search, status=status, profile=options.profile, mine=options.mine
        )
    except CommandError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def _plan_pdf(options: Options) -> int:
    from accomp_desktop.commands import CommandError, plan_pdfs
    from accomp_desktop.storage.location import DataFolder, default_data_dir

    assert options.output is not None  # required by the parser
    folder = DataFolder(options.data_dir or default_data_dir(demo=options.demo))
    try:
        written = plan_pdfs(folder, list(options.references), options.output, profile=options.profile)
    except CommandError as error:
        print(error, file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def _restore(options: Options) -> int:
    from accomp_desktop.commands import CommandError, restore_backup
    from accomp_desktop.storage.location import DataFolder, default_data_dir

    assert options.backup is not None  # required by the parser
    folder = DataFolder(options.data_dir or default_data_dir(demo=options.demo))
    try:
        safety = restore_backup(folder, options.backup, profile=options.profile)
    except CommandError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"Sauvegarde restaurée. L'état d'avant est gardé dans {safety}")
    return 0


def _set_up(options: Options) -> int:
    from accomp_desktop.commands import CommandError, initialise, load_directory, write_directory_template
    from accomp_desktop.storage.location import DataFolder, default_data_dir

    folder = DataFolder(options.data_dir or default_data_dir(demo=options.demo))
    try:
        if options.command == "initialiser":
            first, last, role, institution, email, phone = options.identity
            from accomp_desktop.storage.errors import StorageError

            try:
                folder.create()
            except StorageError as error:
                raise CommandError(str(error)) from None
            name = initialise(
                folder,
                first_name=first,
                last_name=last,
                role=role,
                institution=institution,
                email=email,
                phone=phone,
            )
            print(f"Dossier de données créé dans {folder.root}, administrateur : {name}.")
            return 0
        assert options.file is not None  # required by the parser
        if options.template:
            print(f"Modèle écrit : {write_directory_template(options.file)}")
            return 0
        print(load_directory(folder, options.file, profile=options.profile))
        return 0
    except CommandError as error:
        print(error, file=sys.stderr)
        return 2
