#!/bin/sh
# A native package (the upstream builds it), so Debian policy names the changelog changelog.gz.
# Fills the Debian version into the package's changelog and man page and compresses them the way
# Debian policy asks (gzip -9n: maximum compression, no name or time stamp in the header).
# Usage: build-docs.sh MAVEN_VERSION SOURCE_DIR OUTPUT_DIR
set -eu
maven_version=$1
src=$2
out=$3
# 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT: '~' sorts before the release, '-' would mean a Debian revision.
deb_version=$(printf '%s' "$maven_version" | sed 's/-SNAPSHOT$/~SNAPSHOT/')

doc="$out/usr/share/doc/campusedge-agent"
man="$out/usr/share/man/man1"
rm -rf "$out"
mkdir -p "$doc" "$man"
cp "$src/copyright" "$doc/copyright"
sed "s/@DEB_VERSION@/$deb_version/g" "$src/changelog" | gzip -9n >"$doc/changelog.gz"
sed "s/@DEB_VERSION@/$deb_version/g" "$src/campusedge-agent.1" | gzip -9n >"$man/campusedge-agent.1.gz"
