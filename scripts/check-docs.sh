#!/usr/bin/env bash
# Scripted check of the documentation: README stays short, every relative link in README.md and docs/
# reaches a file in the repository, no code or doc cites files a clone does not contain, and
# docs/configuration.md names exactly the settings the code reads (both ways).
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

# docs/configuration.md and the code name the same settings, both ways. The code's settings are the settable
# properties of every options class (a class with a SectionName, in src/App.Api), as Section:Property; a property
# whose type is a class of the same file (RateLimits:PerIp, Auth:Legacy) is a group: its own properties count.
options_keys() { # FILE
  awk '
    /^[ \t]*\/\// { next }                       # comments (their braces and words are not code)
    {
      line = $0
      if (line ~ /(^|[ \t])(class|record) [A-Za-z_]/) {
        name = line; sub(/.*(class|record) /, "", name); sub(/[^A-Za-z0-9_].*/, "", name)
        top++; cls[top] = name; opened[top] = depth; entered[top] = 0
      }
      if (line ~ /const string SectionName = "/) {
        value = line; sub(/.*SectionName = "/, "", value); sub(/".*/, "", value); section[cls[top]] = value
      }
      if (top > 0 && line ~ /public .*\{ get; (set|init); \}/) {
        declaration = line; sub(/[ \t]*\{ get; (set|init); \}.*/, "", declaration); sub(/^[ \t]*public (required )?/, "", declaration)
        property = declaration; sub(/.* /, "", property)
        type = declaration; sub(/ [A-Za-z0-9_]+$/, "", type); sub(/\?$/, "", type); gsub(/ /, "", type)
        props[cls[top]] = props[cls[top]] " " property "=" type
      }
      depth += gsub(/\{/, "{", line) - gsub(/\}/, "}", line)
      if (top > 0 && depth > opened[top]) entered[top] = 1
      while (top > 0 && entered[top] && depth <= opened[top]) top--
    }
    END {
      for (c in section) {
        n = split(props[c], list, " ")
        for (i = 1; i <= n; i++) {
          split(list[i], pair, "=")
          if (pair[2] in props) {
            m = split(props[pair[2]], sub_list, " ")
            for (j = 1; j <= m; j++) { split(sub_list[j], sub_pair, "="); print section[c] ":" pair[1] ":" sub_pair[1] }
          } else {
            print section[c] ":" pair[1]
          }
        }
      }
    }' "$1"
}
# Bound under another name (ConnectionStrings:Default, ConnectionStrings:Direct) or set by the app itself, not by an operator.
not_settings="Database:ConnectionString Database:DirectConnectionString Database:DatabaseUrlError"
code_keys=$(for file in $(grep -rl 'const string SectionName' src/App.Api --include='*.cs'); do options_keys "$file"; done | sort -u)

# The documented keys: the first column of the settings table (the one headed "| setting | alias |"), where a
# key's `<name>` or `*` part is a placeholder: `Authorization:Roles:<role>` is the key Authorization:Roles.
doc_keys=$(awk '/^\| setting \| alias \|/ { table = 1; next } table && !/^\|/ { exit } table { print }' docs/configuration.md \
  | cut -d'|' -f2 | grep -oE '`[^`]+`' | tr -d '`' | sed -E 's/:(<[^>]*>|\*)$//' | grep -E ':|^[A-Z][A-Z0-9_]+$' | sort -u)
[ -n "$doc_keys" ] || { echo "docs/configuration.md: no settings table (a table headed '| setting | alias |') found." >&2; fail=1; }

for key in $doc_keys; do
  if grep -qxF "$key" <<< "$code_keys"; then continue; fi
  # Read by key rather than through an options class: Metrics:Detailed, Log:Format, OTEL_EXPORTER_OTLP_ENDPOINT.
  if grep -rqF "\"$key\"" src/App.Api --include='*.cs'; then continue; fi
  case "$key" in
    ConnectionStrings:*) grep -rqF "GetConnectionString(\"${key#ConnectionStrings:}\")" src/App.Api --include='*.cs' && continue ;;
    Serilog) grep -rqF 'ReadFrom.Configuration(' src/App.Api --include='*.cs' && continue ;;  # Serilog's own section
  esac
  echo "docs/configuration.md documents the setting $key, which no code reads (no options property, no \"$key\" in src/App.Api)." >&2
  fail=1
done

for key in $code_keys; do
  case " $not_settings " in *" $key "*) continue ;; esac
  if ! grep -qE "(^|[^A-Za-z0-9_:])${key}([^A-Za-z0-9_:]|:[<*]|\$)" docs/configuration.md; then
    echo "The setting $key (an options property in src/App.Api) is not in docs/configuration.md: add a row to its settings table." >&2
    fail=1
  fi
done

[ "$fail" = 0 ] && echo "docs: README $size bytes, links and citations OK; $(wc -w <<< "$doc_keys") settings documented, all in code"
exit "$fail"
