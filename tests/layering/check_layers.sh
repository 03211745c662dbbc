#!/usr/bin/env bash
# Checks that each folder of orchestration/ includes only the folders below it
# in the layer order of orchestration/README.md, and that orchestration/
# includes nothing from api/, storage/ or service/. Prints each offending
# include; exits 1 if there is one.
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$root/orchestration"

# folder -> the orchestration folders it may include (itself included)
declare -A allowed=(
  [common]="common"
  [model]="common model"
  [validation]="common model validation"
  [jobs]="common model jobs"
  [specs]="common model validation jobs specs"
  [workflows]="common model validation jobs specs workflows"
  [backends]="common model backends"
)

bad=0
while IFS= read -r file; do
  folder="${file%%/*}"
  [ -n "${allowed[$folder]+x}" ] || { echo "$file: folder $folder has no place in the layer order"; bad=1; continue; }
  while IFS= read -r line; do
    target=$(sed -E 's/.*#\s*include\s*"([^"]+)".*/\1/' <<<"$line")
    case "$target" in
      orchestration/*)
        used="${target#orchestration/}"; used="${used%%/*}"
        if ! grep -qw "$used" <<<"${allowed[$folder]}"; then
          echo "$file includes $target: $folder may include only ${allowed[$folder]}"; bad=1
        fi ;;
      api/*|storage/*|service/*)
        echo "$file includes $target: orchestration/ depends on no outer layer"; bad=1 ;;
    esac
  done < <(grep -E '^\s*#\s*include\s*"' "$file" || true)
done < <(find . -mindepth 2 -type f \( -name '*.h' -o -name '*.cpp' \) | sed 's#^\./##' | sort)

top=$(find . -maxdepth 1 -type f \( -name '*.h' -o -name '*.cpp' \) | wc -l)
[ "$top" -eq 0 ] || { echo "orchestration/ has $top source files at its top level; each belongs in a layer"; bad=1; }
[ "$bad" -eq 0 ] && echo "orchestration layers: every include points down"
exit "$bad"
