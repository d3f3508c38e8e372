"""``accomp-hub``: run and administer the département's hub, or watch two machines share on one PC.

- ``accomp-hub serve --database URL [--listen HOST:PORT] [--cert FILE --key FILE]`` creates or migrates the
  hub's schema, then serves the desktops (HTTPS required outside loopback);
- ``accomp-hub code --database URL --professional NAME_OR_ID`` issues a one-time enrolment code;
- ``accomp-hub sites`` lists the enrolled machines and their last synchronisation; ``revoke SITE`` retires
one;
- ``accomp-hub demo`` starts a throwaway PostgreSQL and hub and two desktop windows on the demonstration (the
  conseiller's and the travailleur social's data folders), each synchronising every few seconds.

The URL is a PostgreSQL URL (``postgresql://user@host/db``, ``sslmode=verify-full`` for a remote server); it
may also come from the ``ACCOMP_HUB_DATABASE`` variable, so that it stays out of the process list.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="accomp-hub", description="Le hub départemental d'Accomp Desktop.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    def database(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--database",
            default=os.environ.get("ACCOMP_HUB_DATABASE", ""),
            metavar="URL",
            help="adresse PostgreSQL du hub (ou variable ACCOMP_HUB_DATABASE)",
        )

    serve = commands.add_parser("serve", help="créer ou mettre à jour le schéma, puis servir les postes")
    database(serve)
    serve.add_argument("--listen", default="127.0.0.1:8443", metavar="HÔTE:PORT")
    serve.add_argument("--cert", type=Path, help="certificat TLS (PEM)")
    serve.add_argument("--key", type=Path, help="clé privée du certificat (PEM)")
    serve.add_argument(
        "--service-role", default="", help="rôle PostgreSQL de connexion du service (non propriétaire)"
    )
    code = commands.add_parser("code", help="émettre un code d'inscription à usage unique pour un poste")
    database(code)
    code.add_argument("--professional", required=True, metavar="NOM_OU_ID")
    code.add_argument("--days", type=int, default=7, help="durée de validité en jours (7)")
    sites = commands.add_parser("sites", help="lister les postes inscrits")
    database(sites)
    revoke = commands.add_parser("revoke", help="retirer l'accès d'un poste (poste perdu, départ)")
    database(revoke)
    revoke.add_argument("site")
    demo = commands.add_parser("demo", help="deux fenêtres et un hub sur ce PC, pour voir une saisie passer")
    demo.add_argument("--folder", type=Path, help="dossier de travail (temporaire par défaut)")
    demo.add_argument("--interval", type=float, default=3.0, help="secondes entre deux synchronisations")
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    options = _parser().parse_args(argv)
    if options.command == "demo":
        from accomp_desktop.hub_demo import run_demo

        return int(run_demo(options.folder, interval=options.interval))
    if not options.database:
        print("Indiquez l'adresse PostgreSQL du hub (--database ou ACCOMP_HUB_DATABASE).", file=sys.stderr)
        return 2
    import psycopg

    from accomp_desktop.hub.schema import grant_service, migrate
    from accomp_desktop.hub.store import Hub

    try:
        with psycopg.connect(options.database, autocommit=True) as connection:
            version = migrate(connection)
            hub = Hub(connection)
            if options.command == "code":
                professional = _professional(connection, options.professional)
                print(hub.issue_code(professional, days=options.days))
                return 0
            if options.command == "sites":
                rows = connection.execute(
                    "SELECT site_id, code, professional_id, name, enrolled_at, last_sync_at, revoked_at "
                    "FROM hub_sites ORDER BY code"
                )
                print("poste;numéro;professionnel;nom;inscrit le;dernière synchronisation;retiré le")
                for row in rows:
                    print(";".join("" if v is None else str(v) for v in row))
                return 0
            if options.command == "revoke":
                hub.revoke(options.site)
                print(f"Poste {options.site} retiré : il ne reçoit plus rien.")
                return 0
            if options.service_role:
                grant_service(connection, options.service_role)
    except psycopg.Error as error:
        print(f"La base du hub est injoignable ou refuse la connexion : {error}", file=sys.stderr)
        return 1
    from accomp_desktop.hub.server import HubServer

    host, _, port = options.listen.rpartition(":")
    try:
        server = HubServer(
            options.database, host or "127.0.0.1", int(port), cert=options.cert, key=options.key
        )
    except (ValueError, OSError) as error:
        print(error, file=sys.stderr)
        return 2
    logging.getLogger("accomp.hub").info("hub (schéma %d) à l'écoute sur %s", version, server.address)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.stop()
    return 0


def _professional(connection: object, wanted: str) -> str:
    """A professional of the hub's directory, by id or by « Prénom Nom »; an unknown id is taken as given (the
    first machine enrols before it has sent the directory)."""
    rows = connection.execute(  # type: ignore[attr-defined]
        "SELECT id, data->>'first_name' || ' ' || (data->>'last_name') FROM hub_rows WHERE entity = "
        "'professionals'"
    ).fetchall()
    for professional_id, name in rows:
        if wanted in (professional_id, name):
            return str(professional_id)
    return wanted


if __name__ == "__main__":
    sys.exit(main())
