#!/usr/bin/env bash
# Prints, as a Markdown comment, how the generated SQL changes from BASE to HEAD (git revisions): the diff of the
# committed migrations/sql/*/init-complete.sql, which `check` keeps equal to what the migrations generate.
#   tools/sql-diff.sh origin/main HEAD > sql-diff.md
set -euo pipefail
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: tools/sql-diff.sh BASE [HEAD]" >&2; exit 1; }
cd "$(dirname "${BASH_SOURCE[0]}")/.."
base=$1 head=${2:-HEAD}
for rev in "$base" "$head"; do
  git rev-parse --verify --quiet "$rev^{commit}" >/dev/null || { echo "sql-diff: unknown revision $rev (fetch it, or clone with full history)" >&2; exit 1; }
done
echo "### Generated SQL: \`$(git rev-parse --short "$base")\` → \`$(git rev-parse --short "$head")\`"
echo
changed=0
for engine in postgresql mysql; do
  file=migrations/sql/$engine/init-complete.sql
  diff=$(git diff --no-color --merge-base "$base" "$head" -- "$file")
  if [ -z "$diff" ]; then
    echo "- **$engine**: no change"
    continue
  fi
  changed=1
  body=$(sed '1,/^+++ /d' <<<"$diff")
  echo "<details open><summary><b>$engine</b>: $(grep -c '^+' <<<"$body" || true) lines added, $(grep -c '^-' <<<"$body" || true) removed</summary>"
  echo
  echo '```diff'
  # A pull-request comment holds 65,536 characters: a longer diff is cut, the rest is in the PR's files.
  if [ "${#body}" -gt 30000 ]; then
    head -c 30000 <<<"$body" | sed '$d'
    echo "... (cut: see $file in the pull request's changes)"
  else
    echo "$body"
  fi
  echo '```'
  echo '</details>'
done
[ "$changed" = 1 ] || { echo; echo "The schema does not change."; }
