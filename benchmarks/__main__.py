"""``python -m benchmarks`` (``make bench``): build the demo databases once, run every measurement, print the
table and write it as JSON (``build/bench/results.json``).

    python -m benchmarks [--large 100000] [--start 10000] [--runs 7] [--bulk 1000] [--out FICHIER]
    python -m benchmarks --tiny        # small sizes, few runs: checks the suite works (the test suite runs
    it)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.databases import ROOT as BENCH_ROOT  # noqa: E402
from benchmarks.databases import demo_folder, sign_in  # noqa: E402
from benchmarks.suite import Result  # noqa: E402


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--large", type=int, default=100_000, help="dossiers for search, opening, memory")
    parser.add_argument("--start", type=int, default=10_000, help="dossiers for the start-up measurement")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bulk", type=int, default=1000, help="plans printed in one process")
    parser.add_argument("--out", type=Path, default=BENCH_ROOT / "results.json")
    parser.add_argument("--root", type=Path, default=BENCH_ROOT, help="where the demo databases are kept")
    parser.add_argument(
        "--sync",
        type=int,
        default=300,
        help="dossiers of the département the hub's measures share (~100 a binôme)",
    )
    parser.add_argument("--tiny", action="store_true", help="30/60 dossiers, 2 runs: the suite's own check")
    args = parser.parse_args(argv)
    if args.tiny:
        args.large, args.start, args.runs, args.bulk, args.sync = 60, 30, 2, 3, 30
    return args


def table(results: list[Result]) -> str:
    lines = [
        "| mesure | médiane | cible | repère (même exécution) | rapport | |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        baseline = f"{r.baseline:.1f} {r.unit} ({r.baseline_name})" if r.baseline is not None else ""
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else ""
        mark = {True: "✓", False: "✗", None: ""}[r.ok]
        lines.append(f"| {r.name} | {r.value:.1f} {r.unit} | {r.target} | {baseline} | {ratio} | {mark} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    from PySide6.QtWidgets import QApplication

    from accomp_desktop.domain.referentiel import load_referentiel
    from accomp_desktop.resources import resource_path
    from benchmarks import suite

    app = QApplication(sys.argv[:1])  # noqa: F841 - the widgets measured need it
    referentiel = load_referentiel(resource_path("referentiel.toml"))
    started = time.perf_counter()
    start_folder, large_folder = demo_folder(args.start, args.root), demo_folder(args.large, args.root)
    results: list[Result] = []

    def step(title: str) -> None:
        print(f"… {title}", flush=True)

    step(f"démarrage ({args.start} dossiers)")
    # Start-up is the noisiest measure (two processes, disk, the system's caches): more runs for its median.
    results += suite.startup(start_folder, args.runs if args.tiny else max(args.runs, 11))
    unlocked = sign_in(large_folder)
    store = unlocked.store
    try:
        from accomp_desktop.services.directory import DirectoryService

        me = unlocked.professional
        team = DirectoryService(store).teams(me.id)[0]
        partner = next(p for p in team.members if p.id != me.id)
        step(f"recherche ({args.large} dossiers)")
        results += suite.search(store, me.id, args.runs)
        step("ouverture d'un dossier")
        results += suite.open_dossier(store, referentiel, me.id, max(args.runs * 3, 5))
        step("agenda")
        results += suite.agenda_week(store, me, partner, args.runs)
        step("PDF")
        results += suite.pdf(max(args.runs * 3, 5), args.bulk)
        step("enregistrement automatique")
        results += suite.autosave(store, referentiel, max(args.runs * 5, 5))
    finally:
        store.close()
    step(f"mémoire ({args.large} dossiers)")
    results += suite.memory(large_folder)
    step(f"synchronisation par le hub ({args.sync} dossiers, PostgreSQL)")
    from benchmarks import sync

    results += sync.sync_rows(referentiel, args.sync, args.runs)

    print()
    print(table(results))
    print(
        f"\n{time.perf_counter() - started:.0f} s ; médianes sur {args.runs} exécutions ou plus ; "
        f"machine : {os.cpu_count()} cœurs, Python {sys.version.split()[0]}"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "sizes": {"large": args.large, "start": args.start},
                "runs": args.runs,
                "results": [asdict(r) | {"ratio": r.ratio} for r in results],
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"résultats : {args.out}")
    return 0 if all(r.ok is not False for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
