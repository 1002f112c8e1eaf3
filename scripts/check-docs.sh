#!/usr/bin/env bash
# Scripted check of the documentation: README stays short, every relative link in README.md and docs/
# reaches a file in the repository, and no code or doc cites files a clone does not contain.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0

size=$(wc -c < README.md)
if [ "$size" -ge 12288 ]; then echo "README.md is $size bytes: keep it under 12 KB, move detail into docs/." >&2; fail=1; fi

for file in README.md docs/*.md; do
  dir=$(dirname "$file")
  # Markdown links [text](target): external and pure-anchor targets are not files.
  while IFS= read -r target; do
    path="${target%%#*}"
    case "$path" in ''|http://*|https://*|mailto:*) continue ;; esac
    if [ ! -e "$dir/$path" ]; then echo "$file links to $target, which does not exist." >&2; fail=1; fi
  done < <(grep -oE '\]\([^)]+\)' "$file" | sed -E 's/^\]\(([^)]*)\)$/\1/')
done

# Code comments point into docs/, never at a README section or at notes outside the repository.
if cited=$( { grep -rnE '(DECISIONS|AUTHER|STYLE)\.md' src tests migrations scripts docs README.md run.sh test.sh .ci \
                --include='*.cs' --include='*.csproj' --include='*.md' --include='*.sh' --include='*.json' --include='run';
              grep -rnE 'README' src tests migrations --include='*.cs' --include='*.csproj'; } \
            | grep -v '^scripts/check-docs.sh:'); then
  echo "These cite files outside docs/ (point into docs/ instead):" >&2; echo "$cited" >&2; fail=1
fi

[ "$fail" = 0 ] && echo "docs: README $size bytes, links and citations OK"
exit "$fail"
