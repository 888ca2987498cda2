#!/usr/bin/env bash
# mypy over the whole `kg` import package. The top-level folders loaders/, queries/ and viz/ are
# the sub-packages kg.loaders, kg.queries and kg.viz (setuptools package-dir); mypy cannot follow
# that mapping, so we check a tree of links laid out as the installed package is.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/kg"
for f in "$root"/kg/*; do
  case "$(basename "$f")" in __pycache__) ;; *) ln -s "$f" "$tree/kg/$(basename "$f")" ;; esac
done
ln -s "$root/loaders" "$tree/kg/loaders"
ln -s "$root/queries" "$tree/kg/queries"
ln -s "$root/viz" "$tree/kg/viz"
cd "$tree"
MYPYPATH="$tree" "$root/.venv/bin/mypy" --config-file "$root/pyproject.toml" --cache-dir "$root/.mypy_cache" -p kg
