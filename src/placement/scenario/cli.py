"""Click commands for scenarios, demo data and geodata; registered on `placement` in
placement/cli.py."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import click
import msgspec

from placement.cli_settings import load_settings
from placement.core.errors import DomainError
from placement.settings import Settings


def _fail_with(exc: DomainError) -> None:
    click.echo(f"Nothing was imported: {len(exc.errors) or 1} problem(s).", err=True)
    for error in exc.errors:
        click.echo(f"  {error.get('path') or error.get('field')}: {error['reason']}", err=True)
    if not exc.errors:
        click.echo(f"  {exc.detail}", err=True)
    sys.exit(1)


def _import_with_progress(settings: Settings, document: bytes | dict) -> None:  # type: ignore[type-arg]
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from placement.scenario.commands import import_scenario

    with Progress(TextColumn("{task.description:<32}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeElapsedColumn(), transient=False) as bar:
        task = bar.add_task("reading", total=1)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=max(total, 1))

        try:
            summary = asyncio.run(import_scenario(settings, document, progress=progress))
        except DomainError as exc:
            bar.stop()
            _fail_with(exc)
            return
    counts = ", ".join(f"{n} {name}" for name, n in summary.counts.items())
    click.echo(f"Imported in {summary.seconds:.1f} s: {counts}.")
    if summary.national_postcodes_imported:
        click.echo(f"(first loaded {summary.national_postcodes_imported} national postcode areas)")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Import a scenario FILE (JSON, docs/scenario.md) in one transaction: all or nothing.

    Every problem in the file is listed with its path; on any problem nothing is written."""
    _import_with_progress(load_settings(), file.read_bytes())


@click.command("export")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
def export_command(out: Path | None) -> None:
    """Write the scenario as one document (the format `placement import` reads).

    A scenario is the world matching works on: organisations, schools, clubs, carers with their
    places and occupancies, children, ties and requests. Accounts, the audit log, rankings,
    decisions and recruitment leads are not in it: `placement backup` writes those too.
    The export holds every child's file; it is recorded in the audit log."""
    from placement.scenario.commands import export_scenario

    scenario = asyncio.run(export_scenario(load_settings()))
    data = msgspec.json.format(msgspec.json.encode(scenario), indent=1)
    if out is None:
        sys.stdout.buffer.write(data + b"\n")
    else:
        out.write_bytes(data + b"\n")
        click.echo(f"Wrote {len(scenario.carers)} carers and {len(scenario.children)} children "
                   f"to {out}", err=True)


@click.command("demo-data")
@click.option("--size", type=click.Choice(["utrecht", "national"]), default="utrecht",
              show_default=True, help="Utrecht (300 carers) or national (20,000 carers and "
              "children, needs the national postcode table).")
@click.option("--seed", type=int, default=7, show_default=True,
              help="Same seed, same day: same people.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the scenario document to this file.")
@click.option("--load", is_flag=True, help="Import the generated scenario into the database.")
def demo_data_command(size: str, seed: int, out: Path | None, load: bool) -> None:
    """Generate a deterministic, clearly fictional scenario (and optionally load it).

    Without --out or --load the document goes to standard output."""
    from placement.demo.areas import DemoDataUnavailable
    from placement.demo.generate import default_pc4_path, generate_scenario

    settings = load_settings()
    started = time.perf_counter()
    try:
        document = generate_scenario(size, seed, default_pc4_path(size, settings))  # type: ignore[arg-type]
    except DemoDataUnavailable as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"Generated {size} scenario (seed {seed}): {len(document['carers'])} carers, "
               f"{len(document['children'])} children in {time.perf_counter() - started:.1f} s",
               err=True)
    if out is not None:
        out.write_bytes(msgspec.json.format(msgspec.json.encode(document), indent=1) + b"\n")
        click.echo(f"Wrote {out}", err=True)
    if load:
        _import_with_progress(settings, document)
    if out is None and not load:
        sys.stdout.buffer.write(msgspec.json.encode(document) + b"\n")


@click.group("geodata")
def geodata_group() -> None:
    """Postcode tables."""


@geodata_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def geodata_import_command(path: Path) -> None:
    """Import the national four-digit postcode table at PATH (the format of 4pp.csv).

    PO-box rows are skipped; Utrecht's wijk assignments are kept."""
    from placement.scenario.commands import import_geodata

    try:
        imported, skipped, problems = asyncio.run(import_geodata(load_settings(), path))
    except ValueError as exc:
        click.echo(f"Not imported: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Imported {imported} postcode areas; skipped {skipped} PO-box rows.")
    for problem in problems:
        click.echo(f"  skipped {problem}", err=True)


def register(main: click.Group) -> None:
    for command in (import_command, export_command, demo_data_command, geodata_group):
        main.add_command(command)
