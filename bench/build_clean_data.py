"""Build the cleaner's development data from public pages into /work/data/clean/.

Sources (git snapshots fetched with the `fetch` tool, read with `git show`):
- Mozilla Readability's test pages (test/test-pages/*/source.html + expected.html):
  gold = the words of the expected article. Split into train/dev by site.
- trafilatura's evaluation pages (tests/eval/*.html, named by site; the pages named
  by a bare hash come from another benchmark and are skipped): silver gold =
  trafilatura's own extraction of the page (the teacher), kept only when it holds
  every "with" snippet of tests/evaldata.json and none of the "without" ones.
  These pages are training data only; they never enter the dev figures (and
  bench/clean_data.load leaves out those of a site that has dev pages).
The split of every page is fixed and listed in bench/clean_split.txt.

Each page is written as one JSON line: name, site, source, split, the page text
(one line per block, see clean_data.page_lines), per-line labels, the gold text,
and the HTML file name under /work/data/clean/html/ (for the trafilatura ceiling).

Run: nice python bench/build_clean_data.py [--readability DIR] [--trafilatura DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clean_data import DATA, PAGES, UTF8, label_lines, page_lines, site_of, split_of

READABILITY = Path("/work/.mirror/mozilla+readability/repo")
TRAFILATURA = Path("/work/.mirror/adbar+trafilatura/repo")
_HASH_NAME = re.compile(r"^[0-9a-f]{32}\.html$")


def git_show(repo: Path, path: str) -> str:
    data = subprocess.run(
        ["git", f"--git-dir={repo}", "show", f"HEAD:{path}"], capture_output=True, check=True
    ).stdout
    return data.decode("utf-8", "replace")


def git_ls(repo: Path, path: str) -> list[str]:
    out = subprocess.run(
        ["git", f"--git-dir={repo}", "ls-tree", "--name-only", f"HEAD:{path}"],
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    return [line for line in out.split("\n") if line]


def html_text(html: str) -> str:
    root = lxml.html.fromstring(html.encode("utf-8"), parser=UTF8)
    return " ".join(root.text_content().split())


def readability_pages(repo: Path) -> list[dict]:
    pages = []
    for name in git_ls(repo, "test/test-pages"):
        base = f"test/test-pages/{name}"
        try:
            source, expected = (
                git_show(repo, f"{base}/source.html"),
                git_show(repo, f"{base}/expected.html"),
            )
        except subprocess.CalledProcessError:
            continue
        site = site_of(name)
        pages.append(_page(f"readability-{name}", site, "readability", source, html_text(expected)))
    return pages


def trafilatura_pages(repo: Path) -> list[dict]:
    import trafilatura

    evaldata = json.loads(git_show(repo, "tests/evaldata.json"))
    pages = []
    for item in evaldata.values():
        name = item["file"]
        if _HASH_NAME.match(name):
            continue
        try:
            html = git_show(repo, f"tests/eval/{name}")
        except subprocess.CalledProcessError:
            continue
        teacher = trafilatura.extract(html, include_comments=False) or ""
        if not teacher or not all(s in teacher for s in item.get("with", [])):
            continue
        if any(s in teacher for s in item.get("without", [])):
            continue
        site = name.split(".html")[0].rsplit(".", 1)[0]
        page = _page(f"trafilatura-{name}", site, "trafilatura", html, teacher)
        page["split"] = "train"
        pages.append(page)
    return pages


def _page(name: str, site: str, source: str, html: str, gold: str) -> dict:
    lines = page_lines(html)
    html_name = re.sub(r"[^\w.-]+", "_", name) + ".html"
    (DATA / "html" / html_name).write_text(html, encoding="utf-8")
    return {
        "name": name, "site": site, "source": source, "split": split_of(site),
        "lines": lines, "labels": label_lines(lines, gold), "gold": gold, "html": html_name,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readability", type=Path, default=READABILITY)
    parser.add_argument("--trafilatura", type=Path, default=TRAFILATURA)
    args = parser.parse_args()
    (DATA / "html").mkdir(parents=True, exist_ok=True)
    pages = readability_pages(args.readability) + trafilatura_pages(args.trafilatura)
    pages = [p for p in pages if p["lines"] and any(p["labels"])]
    with PAGES.open("w", encoding="utf-8") as handle:
        for page in pages:
            handle.write(json.dumps(page, ensure_ascii=False) + "\n")
    for source in ("readability", "trafilatura"):
        for split in ("train", "dev"):
            n = sum(p["source"] == source and p["split"] == split for p in pages)
            print(f"{source:<12} {split:<5} {n:4d} pages")
    print(f"written to {PAGES}")


if __name__ == "__main__":
    main()
