"""`newsdesk agreement [FILE FILE...]`: how far analysts agree.

Without files, the layers of the database are compared: its own annotations
(its analyst's), the layers imported with `import --as`, the adjudicated one.
With files, analysts' exports are compared without any database. Every pair
is compared on the articles both hold (matched by text hash): per label and
overall, exact-span F1 and token-level Cohen's kappa, events on type + trigger
and roles; then the articles with the least
agreement, so a lead knows where to look first. Counts stand beside every
figure: a kappa over twelve tokens says little.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import sys
from pathlib import Path

from annotations.errors import UserError
from annotations.team.agreement import Counts, Report, compare
from annotations.team.files import paired, read_layer, unmatched
from annotations.text import printable


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from annotations.formats import IMPORTABLE

    parser = sub.add_parser(
        "agreement",
        help="agreement between analysts (span F1, Cohen's kappa, events)",
        description="Compare analysts' layers of the same articles: the database's (its "
        "own annotations and the layers imported with import --as) or, given files, two or "
        "more exports (matched by text hash). Per label and overall: exact-span F1 and "
        "token-level Cohen's kappa; events on type + trigger and on roles; the least agreed "
        "articles first. Only accepted entities and events count. A file's name (without "
        "suffix) names its analyst unless --names is given.",
    )
    parser.add_argument(
        "files", type=Path, nargs="*", help="exports to compare (none: the database)"
    )
    parser.add_argument(
        "--format", default="jsonl", choices=list(IMPORTABLE), help="their format (jsonl)"
    )
    parser.add_argument(
        "--names",
        help="with files: the analysts' names, comma-separated, in file order; without: "
        "which of the database's analysts to compare (default all)",
    )
    parser.add_argument(
        "--since", type=_date, help="database: only articles changed on or after YYYY-MM-DD"
    )
    parser.add_argument("--label", help="only this entity label")
    parser.add_argument("--top", type=int, default=10, help="articles to list (default 10)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.files:
        return _database(args)
    if args.since is not None:
        raise UserError("--since applies to the database's layers, not to exports.")
    if len(args.files) < 2:
        raise UserError("Agreement needs at least two exports to compare.")
    names = _names(args.files, args.names)
    layers = {}
    for name, path in zip(names, args.files, strict=True):
        if not path.exists():
            raise UserError(f"{printable(path)} does not exist.")
        articles, problems = read_layer(path, args.format)
        for problem in problems:
            print(f"skipped: {printable(problem)}", file=sys.stderr)
        layers[name] = articles
    for a, b in itertools.combinations(names, 2):
        report = compare(a, b, paired(layers[a], layers[b]), label=args.label)
        only = (unmatched(layers[a], layers[b]), unmatched(layers[b], layers[a]))
        print("\n".join(lines(report, only, args.top)))
        print()
    return 0


def _database(args: argparse.Namespace) -> int:
    from annotations.config import Settings
    from annotations.store import Store
    from annotations.team.layers import Layers

    settings = Settings.load(args.db, analyst=args.analyst)
    if not settings.db_path.exists():
        raise UserError(f"There is no database at {printable(settings.db_path)}.")
    with Store(settings.db_path, read_only=True) as store:
        layers = Layers(store, settings.analyst)
        names = layers.analysts()
        if args.names:
            wanted = [n.strip() for n in args.names.split(",")]
            if missing := [n for n in wanted if n not in names]:
                raise UserError(
                    f"No layer of {printable(', '.join(missing))} in this database; it holds "
                    f"{printable(', '.join(names))}."
                )
            names = wanted
        if len(names) < 2:
            raise UserError(
                "This database holds one analyst's layer; bring in another's with "
                "`newsdesk import --as NAME --format jsonl FILE`."
            )
        for a, b in itertools.combinations(names, 2):
            report = compare(a, b, layers.compared(a, b, args.since), label=args.label)
            print("\n".join(lines(report, None, args.top)))
            print()
    return 0


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2025-12-31") from None


def _names(files: list[Path], given: str | None) -> list[str]:
    names = [n.strip() for n in given.split(",")] if given else [f.stem for f in files]
    if len(names) != len(files):
        raise UserError(f"--names gives {len(names)} names for {len(files)} files.")
    if len(set(names)) != len(names) or not all(names):
        raise UserError("Each analyst needs a different, non-empty name (use --names).")
    return names


def _figure(value: float | None) -> str:
    return "   n/a" if value is None else f"{value:6.3f}"


def _row(name: str, counts: Counts, kappa: float | None) -> str:
    return (
        f"  {printable(name, 20):<20} {_figure(counts.f1)} {counts.both:6} {counts.only_a:7}"
        f" {counts.only_b:7}   {_figure(kappa)}"
    )


def lines(report: Report, only: tuple[int, int] | None, top: int) -> list[str]:
    """The printed report of one pair of analysts; `only`: articles only one holds."""
    a, b = printable(report.a, 40), printable(report.b, 40)
    alone = f" ({only[0]} only in {a}, {only[1]} only in {b})" if only else ""
    out = [
        f"{a} vs {b}: {report.articles} articles both hold{alone}, {report.tokens} tokens",
        f"  {'label':<20} {'span F1':>6} {'both':>6} {'only A':>7} {'only B':>7}   {'kappa':>6}",
    ]
    out += [_row(x, report.by_label[x], report.label_kappa(x)) for x in report.labels()]
    out.append(_row("all labels", report.spans, report.kappa))
    for title, counts in (("events (type+trigger)", report.events), ("roles", report.roles)):
        if counts.both or counts.only_a or counts.only_b:
            out.append(_row(title, counts, None))
    worst = [row for row in report.worst_first() if row.spans.only_a or row.spans.only_b]
    if worst:
        out.append(f"  least agreement first ({min(top, len(worst))} of {len(worst)} articles):")
    for row in worst[:top]:
        c = row.spans
        out.append(
            f"    F1 {_figure(c.f1)}  {c.both} both, {c.only_a} only {a}, {c.only_b} only {b}"
            f"  {printable(row.title or row.article_id, 60)}"
        )
    return out
