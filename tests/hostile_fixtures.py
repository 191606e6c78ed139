"""Hostile payloads and a database holding them, reached through every entry path:
.txt, .html and .jsonl ingest; jsonl, brat, Label Studio and doccano import; the
analyst's own label and event-schema files. Shared by the Pilot walk and the bench."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from annotations.events.schema import EventSchema, load_schema
from annotations.formats import import_path
from annotations.formats.importing import new_article
from annotations.labels import LabelSpec, load_labels
from annotations.models import Event
from annotations.pipeline import ingest
from annotations.store import Store

PAYLOADS = {
    "osc title": "\x1b]0;pwned\x07",
    "osc 52 clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "clear screen": "\x1b[2J\x1b[H",
    "c1 csi": "\x9b31m\x9d0;x\x9c",
    "click markup": "[@click=app.quit]CLICKME[/]",
    "closing tag": "[/]",
    "open bold": "[bold]x",
    "tabs": "col\tumn\tshift",
    "zwj emoji": "👩\u200d👩\u200d👧\u200d👦 ❤\ufe0f \u202eevil",
    "bell and backspace": "ab\x08\x08\x07cd",
}
LONG_TITLE = "Long " * 600  # 3,000 characters
# What must never reach the screen raw: escape and control characters, joiners, overrides.
RAW = ("\x1b", "\x07", "\x08", "\x9b", "\x9c", "\x9d", "\t", "\u200d", "\u202e", "\ufe0f")
EVENT_TYPE = "\x1b]0;pwned\x07[@click=app.quit]CLICKME[/]"
ENTRY_PATHS = ("txt", "html", "jsonl ingest", "jsonl import", "brat", "labelstudio", "doccano",
               "labels file", "schema file")  # fmt: skip


def hostile_line() -> str:
    return " ".join(PAYLOADS.values())


def _body(where: str) -> str:
    return (
        f"Sergei Lavrov met Subrahmanyam Jaishankar in New Delhi ({where}). "
        f"{hostile_line()}\nThe two ministers signed an agreement on Friday. {hostile_line()}\n"
    )


def write_inputs(folder: Path) -> dict[str, Path]:
    """Hostile files for each entry path; returns where each one is."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    txt = folder / "ingest" / f"{PAYLOADS['osc title']}{PAYLOADS['clear screen']}.txt"
    txt.parent.mkdir(exist_ok=True)
    txt.write_text(f"{hostile_line()}\n\n{_body('txt')}")
    paths["txt"] = txt
    html = folder / "ingest" / "page.html"
    html.write_text(
        f"<html><head><title>{hostile_line()}</title></head><body><article>"
        f"<h1>{hostile_line()}</h1><p>{_body('html')}</p><p>{_body('html, again')}</p>"
        "</article></body></html>"
    )
    paths["html"] = html
    dump = folder / "ingest" / "dump.jsonl"
    rows = [
        {
            "title": hostile_line(),
            "publisher": PAYLOADS["osc 52 clipboard"],
            "text": _body("jsonl"),
        },
        {"title": LONG_TITLE, "source": PAYLOADS["tabs"], "text": _body("long title")},
    ]
    dump.write_text("\n".join(json.dumps(r) for r in rows))
    paths["jsonl ingest"] = dump

    text = _body("jsonl import")
    article = new_article(text, hostile_line(), title=hostile_line())
    start = text.index("met")
    event = Event(article_id=article.id, type=EVENT_TYPE, trigger_start=start,
                  trigger_end=start + 3, trigger_text="met", state="suggested",
                  note=hostile_line(), time_text=hostile_line())  # fmt: skip
    other = Event(article_id=article.id, type=PAYLOADS["closing tag"],
                  trigger_start=text.index("signed"), trigger_end=text.index("signed") + 6,
                  trigger_text="signed", state="suggested")  # fmt: skip
    lavrov = text.index("Sergei Lavrov")
    line = {
        "newsdesk": 1, "article": article.model_dump(mode="json"),
        "entities": [{"start": lavrov, "end": lavrov + 13, "label": "PERSON",
                      "text": "Sergei Lavrov", "note": hostile_line(), "state": "suggested"}],
        "events": [event.model_dump(mode="json"), other.model_dump(mode="json")],
    }  # fmt: skip
    paths["jsonl import"] = folder / "import.jsonl"
    paths["jsonl import"].write_text(json.dumps(line) + "\n")

    brat = folder / "brat"
    brat.mkdir(exist_ok=True)
    btext = _body("brat")
    (brat / "hostile.txt").write_text(btext)
    s = btext.index("met")
    (brat / "hostile.ann").write_text(
        f"T1\tPERSON 0 13\tSergei Lavrov\n#1\tAnnotatorNotes T1\t{hostile_line()}\n"
        f"T2\t{PAYLOADS['osc title']} {s} {s + 3}\tmet\nE1\t{PAYLOADS['osc title']}:T2\n"
    )
    paths["brat"] = brat

    ltext = _body("label studio")
    task = {"data": {"text": ltext, "title": hostile_line()}, "annotations": [{"result": [
        {"type": "labels", "id": "r1", "value": {"start": 0, "end": 13, "labels": ["PERSON"]}},
        {"type": "labels", "id": "r2",
         "value": {"start": 24, "end": 34, "labels": [PAYLOADS["click markup"]]}},
    ]}]}  # fmt: skip
    paths["labelstudio"] = folder / "tasks.json"
    paths["labelstudio"].write_text(json.dumps([task]))

    dtext = _body("doccano")
    paths["doccano"] = folder / "doccano.jsonl"
    paths["doccano"].write_text(json.dumps({"text": dtext, "label": [[0, 13, "PERSON"]]}) + "\n")

    paths["labels file"] = folder / "labels.toml"
    paths["labels file"].write_text(
        '[[labels]]\nname = "PERSON"\nkey = "1"\ndescription = ' + _toml(hostile_line())
        + '\n[[labels]]\nname = "GPE"\nkey = "2"\ndescription = ' + _toml(LONG_TITLE) + "\n"
    )  # fmt: skip
    paths["schema file"] = folder / "events.toml"
    paths["schema file"].write_text(
        "extend = true\n[[types]]\nname = \"PWN\"\nkey = \"w\"\ndescription = "
        + _toml(hostile_line()) + '\nroles = [{name = "Actor"}]\n'
    )  # fmt: skip
    return paths


def _toml(text: str) -> str:
    """A TOML basic string: controls as \\u escapes, the rest as it is."""
    body = "".join(
        f"\\u{ord(c):04x}" if ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in '"\\' else c
        for c in text
    )
    return f'"{body}"'


def build_hostile_db(
    db: Path, folder: Path
) -> tuple[tuple[LabelSpec, ...], EventSchema, list[str]]:
    """A database filled from every entry path; returns the analyst's labels and schema
    read from the hostile files, and every problem the paths reported."""
    paths = write_inputs(folder)
    labels = load_labels(paths["labels file"])
    schema = load_schema(paths["schema file"])
    problems: list[str] = []
    with Store(db) as store:
        report = ingest(store, [paths["txt"], paths["html"], paths["jsonl ingest"]])
        problems += [f"{r.origin}: {r.reason}" for r in report.rejected]
        for fmt, key in (("jsonl", "jsonl import"), ("brat", "brat"),
                         ("labelstudio", "labelstudio"), ("doccano", "doccano")):  # fmt: skip
            found = import_path(store, fmt, paths[key], labels, schema)
            problems += found.problems
    return labels, schema, problems


class Walk:
    """Renders the screen after each step of a Pilot walk and keeps what was wrong."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.places: list[str] = []
        self.leaks: list[str] = []

    async def press(self, place: str, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.pilot.pause()
        shown = self.pilot.app.export_screenshot()
        self.places.append(place)
        self.leaks.extend(f"{place}: {raw!r}" for raw in RAW if raw in shown)
        if "CLICKME" in shown and "[@click=app.quit]CLICKME" not in shown:
            self.leaks.append(f"{place}: markup parsed")
        if not self.pilot.app.is_running:
            self.leaks.append(f"{place}: the app stopped")

    async def type(self, place: str, text: str) -> None:
        from tests.events_ui_helpers import type_text

        await type_text(self.pilot, text)
        await self.press(place, "enter")


# (place, keys, where): "reader" steps run on the reader, "over" steps only while a
# screen opened by the step before is over it (the note prompt, event form, picker...).
READER_STEPS = (
    ("entity", "tab", "reader"), ("note prompt", "c", "reader"),
    ("note cancelled", "escape", "over"), ("raw", "r", "reader"), ("raw off", "r", "reader"),
    ("next event", "i", "reader"), ("event form", "o", "reader"),
    ("type picker", "t", "over"), ("type picker closed", "escape", "over"),
    ("form closed", "escape", "over"), ("accept event", "y", "reader"),
    ("next event again", "i", "reader"), ("reject event", "Y", "reader"),
    ("events panel off", "f2", "reader"), ("events panel on", "f2", "reader"),
    ("help", "question_mark", "reader"), ("help closed", "escape", "over"),
    ("across corpus", "l", "reader"), ("back from the corpus", "escape", "over"),
)  # fmt: skip
CORPUS_STEPS = (
    ("timeline", "T"), ("timeline with suggestions", "v"), ("timeline type filter", "f"),
    ("timeline filter closed", "escape"), ("timeline proposals", "g"),
    ("library from timeline", "escape", "escape"), ("entities", "E"),
    ("entities mentions", "enter"), ("entities back", "escape", "escape"),
    ("export dialog", "X"), ("export closed", "escape"),
    ("taught patterns", "f3"), ("taught patterns closed", "escape"),
)  # fmt: skip


async def walk_every_screen(pilot: Pilot[None]) -> Walk:
    """Library, its filter, every article's reader (search, entity, note, raw view, events,
    event form and type picker, help, across-corpus), timeline, entities, export,
    taught patterns."""
    from tui.screens.reader import ReaderScreen

    app = pilot.app
    walk = Walk(pilot)
    while app.detection_progress[0] < app.detection_progress[1]:  # type: ignore[attr-defined]
        await pilot.pause(0.1)
    await walk.press("library")
    await walk.press("library filter", "slash")
    await walk.type("library filtered by [/]", "[/]")
    await walk.press("library filter cleared", "escape")
    for n in range(len(app.store)):  # type: ignore[attr-defined]
        await walk.press(f"reader {n}", "home", *["down"] * n, "enter")
        title = app.screen.query_one("#article-title", Static)
        if title.size.height > 1:
            walk.leaks.append(f"reader {n}: the title takes {title.size.height} lines")
        await walk.press(f"reader {n} search", "slash")
        await walk.type(f"reader {n} absent [/] searched", "[/]zz")
        for place, key, where in READER_STEPS:
            if isinstance(app.screen, ReaderScreen) == (where == "reader"):
                await walk.press(f"reader {n} {place}", key)
        while not isinstance(app.screen, ReaderScreen):
            await walk.press(f"reader {n} closing", "escape")
        await walk.press(f"reader {n} back to the library", "escape")
    for place, *keys in CORPUS_STEPS:
        await walk.press(place, *keys)
    return walk
