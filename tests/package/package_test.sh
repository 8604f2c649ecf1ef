#!/usr/bin/env bash
# Tests of the .deb packages scripts/package made in dist/ (scripts/test builds them first).
#   package_test.sh lintian   lintian: no error, no warning that is not overridden with a reason
#   package_test.sh system    a clean Debian 12 root (mmdebstrap, cached): install, use,
#                             upgrade, remove and purge, as an administrator would
# Skipped (exit 77) only when CUNZHAN_SKIP_PACKAGES=1, which CI never sets. Needs root (chroot).
set -euo pipefail
cd "$(dirname "$0")/../.."
src=$PWD

if [ "${CUNZHAN_SKIP_PACKAGES:-}" = 1 ]; then
  echo "SKIPPED: CUNZHAN_SKIP_PACKAGES=1"
  exit 77
fi
version=$(sed -n 's/^project(cunzhan VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
hub_deb=$src/dist/cunzhan-hub_${version}_amd64.deb
station_deb=$src/dist/cunzhan-station_${version}_amd64.deb
for f in "$hub_deb" "$station_deb"; do
  [ -f "$f" ] || { echo "FAIL: $f is missing: run scripts/package (scripts/test does)" >&2; exit 1; }
done
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

if [ "${1:-}" = lintian ]; then
  # Overrides (scripts/debian/*.lintian-overrides) carry the reason for each accepted tag;
  # anything else at warning level or above fails.
  # First everything, overrides and info tags included, for the log (--show-overrides makes
  # lintian exit 2 on an overridden tag, so this run does not decide).
  lintian --display-level '>=info' --show-overrides "$hub_deb" "$station_deb" || true
  lintian --fail-on error,warning "$hub_deb" "$station_deb"
  echo "lintian: no errors, no warnings beyond the overridden ones"
  exit 0
fi
[ "${1:-}" = system ] || { echo "usage: package_test.sh lintian|system" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || fail "needs root (chroot, mounts); CI runs as root. Opt out: CUNZHAN_SKIP_PACKAGES=1"

# ---- the Debian 12 root: made once per package list and mirror, kept outside the clone ----
# Runtime libraries are preinstalled so `apt-get install ./x.deb` needs no download; the
# apt lists are kept so it still could fetch a dependency added later.
root_packages=systemd,man-db,adduser,tzdata,sqlite3,curl,desktop-file-utils,xdg-utils,libssl3,libsqlite3-0,libzstd1,zlib1g,libboost-json1.81.0,libstdc++6
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources=/etc/apt/sources.list
cache=${XDG_CACHE_HOME:-$HOME/.cache}/cunzhan
key=$( (echo "bookworm apt $root_packages"; grep -v '^#' "$sources") | sha256sum | cut -c1-16)
tarball=$cache/debian12-root-$key.tar.zst
mkdir -p "$cache"
(
  flock 9
  if [ ! -f "$tarball" ]; then
    step "making the Debian 12 root (once; cached as $tarball)"
    mmdebstrap --quiet --variant=apt --include="$root_packages" --skip=cleanup/apt/lists \
      bookworm "$tarball.tmp.tar.zst" "$sources"
    mv "$tarball.tmp.tar.zst" "$tarball"
    find "$cache" -maxdepth 1 -name 'debian12-root-*.tar.zst' ! -path "$tarball" -delete  # older keys
  fi
) 9>"$cache/debian12-root.lock"

work=$(mktemp -d "${TMPDIR:-/tmp}/cunzhan-pkgtest.XXXXXX")
r=$work/root
serve_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  umount "$r/proc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir "$r"
tar -C "$r" --zstd -xf "$tarball"
mount -t proc proc "$r/proc"
cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
in_root() { chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_hub() { in_root runuser -u cunzhan-hub -- "$@"; }
# The older-numbered package: the same tree, only the version differs.
prev="${version}~prev"
step "building the upgrade-test package $prev"
scripts/package --version "$prev" --out "$work/prev" >/dev/null
mkdir "$r/debs"
cp "$work/prev/cunzhan-hub_${prev}_amd64.deb" "$hub_deb" "$station_deb" "$r/debs/"
apt_get() { in_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 -y "$@"; }

step "install cunzhan-hub $prev and cunzhan-station $version with apt-get install ./…deb"
apt_get install "./debs/cunzhan-hub_${prev}_amd64.deb" "./debs/cunzhan-station_${version}_amd64.deb" \
  > "$work/install.log" 2>&1 || { cat "$work/install.log"; fail "apt-get install"; }
grep -q 'runuser -u cunzhan-hub -- hub init --data /var/lib/cunzhan-hub' "$work/install.log" ||
  { cat "$work/install.log"; fail "postinst did not print the next commands"; }
[ "$(in_root hub --version)" = "hub $prev" ] || fail "hub --version: $(in_root hub --version)"

step "service user, files, modes and owners"
in_root getent passwd cunzhan-hub | grep -q ':/var/lib/cunzhan-hub:/usr/sbin/nologin$' || fail "cunzhan-hub user"
in_root getent group cunzhan-hub >/dev/null || fail "cunzhan-hub group"
uid=$(in_root id -u cunzhan-hub)
[ "$uid" -lt 1000 ] || fail "cunzhan-hub is not a system user (uid $uid)"
expect_stat() {  # PATH "MODE OWNER:GROUP"
  local got
  got=$(in_root stat -c '%a %U:%G' "$1")
  [ "$got" = "$2" ] || fail "$1 is $got, expected $2"
}
expect_stat /var/lib/cunzhan-hub "750 cunzhan-hub:cunzhan-hub"
expect_stat /var/backups/cunzhan-hub "750 cunzhan-hub:cunzhan-hub"
expect_stat /etc/cunzhan/hub.conf "644 root:root"
expect_stat /usr/bin/hub "755 root:root"
expect_stat /usr/bin/station "755 root:root"
in_root dpkg-query -W -f='${Conffiles}\n' cunzhan-hub | grep -q '/etc/cunzhan/hub.conf' || fail "hub.conf is not a conffile"
for f in /lib/systemd/system/cunzhan-hub.service /lib/systemd/system/cunzhan-hub-nightly.service \
  /lib/systemd/system/cunzhan-hub-nightly.timer /usr/share/man/man1/hub.1.gz /usr/share/doc/cunzhan-hub/copyright \
  /usr/lib/systemd/user/cunzhan-station-sync.service /usr/lib/systemd/user/cunzhan-station-sync.timer \
  /usr/share/applications/cunzhan-station.desktop /usr/share/icons/hicolor/scalable/apps/cunzhan-station.svg \
  /usr/share/man/man1/station.1.gz; do
  in_root test -f "$f" || fail "$f is missing"
done
# Enabled as the package installs it (the units start only once hub init has run).
in_root test -L /etc/systemd/system/multi-user.target.wants/cunzhan-hub.service || fail "cunzhan-hub.service not enabled"
in_root test -L /etc/systemd/system/timers.target.wants/cunzhan-hub-nightly.timer || fail "nightly timer not enabled"
# The station's user timer is for `station schedule install`, not on for everyone.
in_root test ! -e /etc/systemd/user/timers.target.wants/cunzhan-station-sync.timer || fail "user timer enabled globally"

step "systemd-analyze verify"
# Any output is a complaint (unknown keys are only warnings, exit 0).
in_root systemd-analyze verify /lib/systemd/system/cunzhan-hub.service /lib/systemd/system/cunzhan-hub-nightly.service \
  /lib/systemd/system/cunzhan-hub-nightly.timer > "$work/verify.log" 2>&1 || true
in_root mkdir -p -m 700 /run/user/0
in_root env XDG_RUNTIME_DIR=/run/user/0 systemd-analyze --user verify /usr/lib/systemd/user/cunzhan-station-sync.service \
  /usr/lib/systemd/user/cunzhan-station-sync.timer >> "$work/verify.log" 2>&1 || true
[ ! -s "$work/verify.log" ] || { cat "$work/verify.log"; fail "systemd-analyze verify complained"; }
in_root desktop-file-validate /usr/share/applications/cunzhan-station.desktop || fail "desktop-file-validate"
# The menu entry's command is one the installed station accepts.
exec_line=$(in_root sed -n 's/^Exec=//p' /usr/share/applications/cunzhan-station.desktop)
[ "$exec_line" = "station serve --open" ] || fail "desktop Exec=$exec_line"
in_root station serve --help | grep -q -- '--open' || fail "station serve has no --open"

# Runs a unit's ExecCondition= or ExecStart= line (no systemd in a chroot) as its User=.
unit_line() { in_root sed -n "s/^$2=//p" "/lib/systemd/system/$1"; }
run_unit_line() {  # UNIT KEY: the command as systemd would run it (it is one `sh -c '…'` or plain words)
  local line user
  line=$(unit_line "$1" "$2")
  user=$(unit_line "$1" User)
  chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    setpriv --reuid="$user" --regid="$user" --init-groups -- /bin/sh -c "$line"
}
step "before hub init both services are skipped with a message saying what to do"
for unit in cunzhan-hub.service cunzhan-hub-nightly.service; do
  if run_unit_line "$unit" ExecCondition > "$work/cond.log" 2>&1; then fail "$unit: ExecCondition passed before hub init"; fi
  grep -q 'hub init' "$work/cond.log" || { cat "$work/cond.log"; fail "$unit: no hint in the journal"; }
done

step "the administrator's first commands, as the service user"
# A local change to the conffile, which the upgrade must keep: an ephemeral loopback port.
in_root sed -i 's/^listen = .*/listen = 127.0.0.1:0/' /etc/cunzhan/hub.conf
as_hub hub init --data /var/lib/cunzhan-hub
as_hub hub cert --out /var/lib/cunzhan-hub/tls --host 127.0.0.1 --host localhost >/dev/null
expect_stat /var/lib/cunzhan-hub/tls/server.key "600 cunzhan-hub:cunzhan-hub"
as_hub hub import-divisions --data /var/lib/cunzhan-hub /usr/share/cunzhan-hub/divisions/streets-500153.csv \
  /usr/share/cunzhan-hub/divisions/villages-500153.csv
[ "$(in_root stat -c %U:%G /var/lib/cunzhan-hub/hub.db)" = cunzhan-hub:cunzhan-hub ] || fail "hub.db owner"

for unit in cunzhan-hub.service cunzhan-hub-nightly.service; do
  run_unit_line "$unit" ExecCondition || fail "$unit: ExecCondition failed after hub init"
done
step "the nightly job as its unit runs it: rollups, check, a backup in /var/backups/cunzhan-hub"
run_unit_line cunzhan-hub-nightly.service ExecStart > "$work/nightly.log" 2>&1 || { cat "$work/nightly.log"; fail "hub nightly"; }
[ -n "$(in_root find /var/backups/cunzhan-hub -type f -user cunzhan-hub)" ] || fail "no backup written by the nightly job"

# Runs the unit's own ExecStart= as its User=, plus extra options; sets serve_pid and port
# once it listens.
start_hub() {
  local exec user
  exec=$(unit_line cunzhan-hub.service ExecStart)
  user=$(unit_line cunzhan-hub.service User)
  : > "$work/serve.log"
  # setpriv execs (runuser would fork and stand between): serve_pid is the hub itself.
  # shellcheck disable=SC2086  # ExecStart= is split into words as systemd does (no quotes in it)
  chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    setpriv --reuid="$user" --regid="$user" --init-groups -- $exec "$@" > "$work/serve.log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 200); do
    port=$(sed -n 's/^hub listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$work/serve.log")
    [ -n "$port" ] && return 0
    kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log"; fail "hub serve exited"; }
    sleep 0.1
  done
  fail "hub serve did not start listening"
}
stop_hub() {
  kill -TERM "$serve_pid"
  wait "$serve_pid" || fail "hub serve did not exit 0 on SIGTERM"
  serve_pid=""
}
health() {
  local body
  body=$(in_root curl -sS --fail --cacert /var/lib/cunzhan-hub/tls/ca.pem "https://127.0.0.1:$port/v1/health")
  echo "$body" | grep -q '"status":"ok"' || fail "/v1/health said: $body"
}
counts() {
  in_root sqlite3 /var/lib/cunzhan-hub/hub.db "SELECT (SELECT count(*) FROM division_township) || ' townships, ' ||
    (SELECT count(*) FROM division_village) || ' villages, ' || (SELECT count(*) FROM station) || ' stations, ' ||
    (SELECT count(*) FROM staff) || ' staff, ' || (SELECT count(*) FROM op_log) || ' ops, ' ||
    (SELECT count(*) FROM listing) || ' listings'"
}

step "hub serve with the installed configuration answers /v1/health over TLS"
start_hub
health
as_hub hub enroll --data /var/lib/cunzhan-hub --village 500153102200 --name 大成村电商服务站 \
  --hub-url "https://127.0.0.1:$port" --ca /var/lib/cunzhan-hub/tls/ca.pem --out /var/lib/cunzhan-hub/enrol.json >/dev/null
as_hub hub staff add --data /var/lib/cunzhan-hub --name 王芳 --county 500153 >/dev/null

step "station from the installed path, data under a test home"
in_root useradd --create-home officer
in_root install -o officer -m 600 /var/lib/cunzhan-hub/enrol.json /home/officer/enrol.json
as_officer() { in_root runuser -u officer -- env HOME=/home/officer "$@"; }
[ "$(as_officer station --version)" = "station $version" ] || fail "station --version"
as_officer station init /home/officer/enrol.json >/dev/null
as_officer station listing add --product 红薯 --category vegetable --quantity 500 --unit 斤 --price 2.50 >/dev/null
as_officer station sync >/dev/null || fail "station sync to the packaged hub"
in_root test -f /home/officer/.local/share/cunzhan-station/station.db || fail "station data not under the home"
stop_hub
before=$(counts)
echo "hub.db: $before"
case $before in *" 1 stations, 1 staff, 1 ops, 1 listings") ;; *) fail "unexpected data: $before" ;; esac

step "upgrade $prev -> $version keeps data and configuration"
apt_get install "./debs/cunzhan-hub_${version}_amd64.deb" > "$work/upgrade.log" 2>&1 ||
  { cat "$work/upgrade.log"; fail "upgrade"; }
[ "$(in_root hub --version)" = "hub $version" ] || fail "hub --version after upgrade"
[ "$(counts)" = "$before" ] || fail "data changed by the upgrade: $(counts)"
in_root grep -q '^listen = 127.0.0.1:0$' /etc/cunzhan/hub.conf || fail "the local hub.conf change was lost"
[ "$(in_root id -u cunzhan-hub)" = "$uid" ] || fail "the service user changed"
expect_stat /var/lib/cunzhan-hub "750 cunzhan-hub:cunzhan-hub"
# The command line overrides the file: the port the station was enrolled with.
old_port=$port
start_hub --listen "127.0.0.1:$old_port"
[ "$port" = "$old_port" ] || fail "--listen did not override hub.conf"
health
as_officer station listing add --product 土豆 --category vegetable --quantity 200 --unit 斤 --price 1.20 >/dev/null
as_officer station sync >/dev/null || fail "station sync after the upgrade"
stop_hub
after=$(counts)
case $after in *" 2 ops, 2 listings") ;; *) fail "after the upgrade and a sync: $after" ;; esac

step "remove keeps data and configuration"
apt_get remove cunzhan-hub > "$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail "remove"; }
in_root test ! -e /usr/bin/hub || fail "/usr/bin/hub still there after remove"
in_root test -f /etc/cunzhan/hub.conf || fail "remove deleted hub.conf"
in_root getent passwd cunzhan-hub >/dev/null || fail "remove deleted the user"
[ "$(counts)" = "$after" ] || fail "remove changed the data"

step "purge removes configuration and user, keeps the data"
apt_get purge cunzhan-hub > "$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "purge"; }
in_root test ! -e /etc/cunzhan/hub.conf || fail "purge left hub.conf"
in_root test ! -e /etc/cunzhan || fail "purge left /etc/cunzhan"
! in_root getent passwd cunzhan-hub >/dev/null || fail "purge left the user"
! in_root getent group cunzhan-hub >/dev/null || fail "purge left the group"
[ "$(counts)" = "$after" ] || fail "purge changed the data"
grep -q '/var/lib/cunzhan-hub was kept' "$work/purge.log" || { cat "$work/purge.log"; fail "purge did not say the data was kept"; }
apt_get purge cunzhan-station > "$work/purge-station.log" 2>&1 || { cat "$work/purge-station.log"; fail "purge station"; }
in_root test -f /home/officer/.local/share/cunzhan-station/station.db || fail "purging the station package touched a home"
echo "packages: installed, used, upgraded, removed and purged as expected"
