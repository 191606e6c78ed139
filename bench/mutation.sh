#!/usr/bin/env bash
# Mutation testing of one package with mutmut 3, against a fast subset of the tests; prints
# the score (bench/mutation_score.py: raw, and without the survivors explained as equivalent
# in bench/mutation_survivors.md) and lists the survivors.
#
#   bench/mutation.sh formats|review|store|segment [children] [files]
#
# `files` narrows the mutants to a glob inside the package, e.g. annotations/formats/brat.py.
#
# Needs mutmut in the active environment (`pip install mutmut`; it is not in the locks: this
# is a developer's tool, not CI's). Works on a scratch copy of the tracked files in
# /tmp/mutation-<package>[-<file>], so the work tree never holds `mutants/`; commit (or at least
# `git add`) new files first. Inspect a survivor afterwards with
#   cd /tmp/mutation-<package> && mutmut show <name>
set -euo pipefail
package=${1:?usage: bench/mutation.sh formats|review|store|segment [children]}
children=${2:-2}
# The hypothesis fuzz tests (tests/test_hostile_*: "fuzzed") take seconds each and would run
# for every surviving mutant; the mutation subsets leave them out.
deselect="not fuzzed"
root=$(cd "$(dirname "$0")/.." && pwd)

case $package in
  formats)
    only="annotations/formats/*"
    tests="tests/test_formats_roundtrip.py tests/test_formats_import.py
      tests/test_formats_support.py tests/test_export_cli.py tests/test_export_seeds.py
      tests/test_hostile_import.py tests/test_segment.py tests/test_formats_exact.py" ;;
  segment)
    only="annotations/segment.py"
    tests="tests/test_segment.py tests/test_events_suggest.py" ;;
  review)
    only="annotations/review/*"
    tests="tests/test_editor_events.py tests/test_restore_review.py tests/test_teaching.py
      tests/test_teaching_links.py tests/test_segment.py tests/test_editor_redo.py
      tests/test_team_identity.py tests/test_entities_linking.py tests/test_reader_incremental.py
      tests/test_review_keys.py tests/test_services.py tests/test_textnav.py
      tests/test_entity_index.py" ;;
  store)
    only="annotations/store/*"
    tests="tests/test_store_api.py tests/test_store_damage.py tests/test_store_hostile.py
      tests/test_store_lock.py tests/test_store_messages.py tests/test_store_texts.py
      tests/test_store_articles.py tests/test_store_log.py tests/test_store_doctor.py
      tests/test_store_atomic.py tests/test_store_tables.py tests/test_store_journal.py
      tests/test_store_writer_lock.py" ;;
  *) echo "Unknown package $package: choose formats, review, store or segment." >&2; exit 2 ;;
esac
only=${3:-$only}

suffix=${3:+-$(basename "$3" .py | tr -c 'A-Za-z0-9_\n' '_')}
work=/tmp/mutation-$package$suffix
rm -rf "$work"
mkdir -p "$work"
(cd "$root" && git ls-files -z --cached --others --exclude-standard \
  | xargs -0 cp --parents -t "$work" 2>/dev/null || true)
cd "$work"
rm -f setup.cfg
# mutmut reads [tool.mutmut] from pyproject.toml, else [mutmut] from setup.cfg: the project
# has no [tool.mutmut], so each package's run writes its own setup.cfg here.
{
  echo "[mutmut]"
  echo "source_paths = annotations"
  echo "only_mutate = $only"
  echo "also_copy ="
  echo "    seeds"
  echo "    tui"
  echo "pytest_add_cli_args ="
  echo "    -p"
  echo "    no:cacheprovider"
  echo "    -q"
  echo "    -k"
  echo "    $deselect"
  echo "pytest_add_cli_args_test_selection ="
  for t in $tests; do [ -f "$t" ] && echo "    $t"; done
} > setup.cfg

start=$(date +%s)
mutmut run --max-children "$children" > mutmut-run.log 2>&1 || true
elapsed=$(( $(date +%s) - start ))
mutmut results --all true > mutmut-results.txt 2>&1 || mutmut results > mutmut-results.txt 2>&1 || true

echo "$package: mutmut ran for ${elapsed}s"
python3 "$root/bench/mutation_score.py" "$package" "$work" --list
