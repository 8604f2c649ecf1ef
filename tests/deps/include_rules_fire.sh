#!/usr/bin/env bash
# The include check must fail where the rules say: a small tree with one offending
# include per rule of scripts/include-rules' component section, plus a stale exception,
# checked with the repository's own rules file. CTest: "deps: include rules fire".
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/scripts"
grep -v '^allow ' "$src/scripts/include-rules" > "$tree/scripts/include-rules"
echo 'allow tests/t.cpp hub-server/src/gone.hpp no longer used' >> "$tree/scripts/include-rules"
put() { mkdir -p "$(dirname "$tree/$1")"; printf '%s\n' "${@:2}" > "$tree/$1"; }
put hub-server/include/cunzhan/hub/api.hpp '#pragma once'
put hub-server/src/inner.hpp '#pragma once'
put station-client/include/cunzhan/station/api.hpp '#pragma once'
put station-client/src/web/inner.hpp '#pragma once'
put shared/src/a.cpp '#include "cunzhan/hub/api.hpp"'
put station-client/src/b.cpp '#include "cunzhan/hub/api.hpp"' '#include <boost/asio/io_context.hpp>'
put hub-server/src/c.cpp '#include "cunzhan/station/api.hpp"' '#include "inner.hpp"'
put tests/t.cpp '#include "../hub-server/src/inner.hpp"' '#include "web/inner.hpp"' \
  '#include "cunzhan/hub/api.hpp"' '#include "cunzhan/station/api.hpp"'
set +e
out=$("$src/scripts/check-includes" "$tree")
code=$?
set -e
echo "$out"
expect() {
  grep -qF -- "$1" <<<"$out" || { echo "MISSING: $1"; exit 1; }
}
[ "$code" = 1 ] || { echo "check-includes exited $code, not 1"; exit 1; }
expect "shared/src/a.cpp:1: includes cunzhan/hub/api.hpp (hub-server/include/cunzhan/hub/api.hpp): shared/ must not use"
expect "station-client/src/b.cpp:1: includes cunzhan/hub/api.hpp (hub-server/include/cunzhan/hub/api.hpp): the station must not use the hub"
expect "station-client/src/b.cpp:2: includes boost/asio/io_context.hpp: Asio/Beast"
expect "hub-server/src/c.cpp:1: includes cunzhan/station/api.hpp (station-client/include/cunzhan/station/api.hpp): the hub must not use the station"
expect "tests/t.cpp:1: includes ../hub-server/src/inner.hpp (hub-server/src/inner.hpp): a hub header outside hub-server/include"
expect "tests/t.cpp:2: includes web/inner.hpp (station-client/src/web/inner.hpp): a station header outside station-client/include"
expect "allow tests/t.cpp hub-server/src/gone.hpp is no longer needed"
# What is allowed stays quiet: a program's own internals, another component's include/.
! grep -q "c.cpp:2\|t.cpp:3\|t.cpp:4" <<<"$out" || { echo "an allowed include was reported"; exit 1; }
echo "include rules fire: ok"
