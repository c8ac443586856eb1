#!/usr/bin/env bash
# The README's commands, exactly as written, on a bare Debian 12 (bookworm) tree: what a new
# machine is missing. Needs root, debootstrap (apt-get install debootstrap) and the network
# (Debian's mirror, PyPI). Takes 10-20 minutes; CI does not run it.
#
#   sudo tools/fresh_machine.sh [TREE]     (default /tmp/bimer-fresh-bookworm; reused if there)
#
# Steps, each reported PASS/FAIL with the tail of its output:
#   1. debootstrap --variant=minbase bookworm TREE (only when TREE is not a Debian tree yet);
#   2. the repository at HEAD (git archive) copied to TREE/root/bimer;
#   3. python3 and python3-venv only (the README's "Python 3.11+"), then the README's test
#      command — expected to fail without the system packages, and the failure shown;
#   4. `--self-test` and `--preview list` without the Qt libraries: a message naming the
#      packages, never a traceback;
#   5. the README's "system-packages: tests" line, then the test command again: must pass;
#   6. the README's "system-packages: display" and "bundle" lines must install (names exist).
set -uo pipefail
cd "$(dirname "$0")/.."
TREE=${1:-/tmp/bimer-fresh-bookworm}
LOG_DIR=${LOG_DIR:-$TREE.logs}
mkdir -p "$LOG_DIR"
failures=0

say() { printf '\n== %s\n' "$*"; }
result() {  # name, expected (pass|fail), exit code, log
  local outcome=PASS
  if { [ "$2" = pass ] && [ "$3" -ne 0 ]; } || { [ "$2" = fail ] && [ "$3" -eq 0 ]; }; then
    outcome=FAIL; failures=$((failures + 1))
  fi
  printf '%s: %s (exit %s, expected to %s)\n' "$outcome" "$1" "$3" "$2"
  tail -n 6 "$4" | sed 's/^/    /'
}
readme_line() {  # the command under a README marker
  awk -v marker="$1" 'index($0, marker) {found=1; next} found && /^(sudo |python3 )/ {print; exit}' README.md
}
# A network that inspects TLS with its own authority (this host's PIP_CERT): the tree trusts
# that bundle too, so verification stays on. A real fresh machine needs none of this.
HOST_CA=${PIP_CERT:-}
tree_ca=()
in_tree() { chroot "$TREE" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin \
  LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "${tree_ca[@]}" bash -c "$1"; }

if [ "$(id -u)" -ne 0 ]; then echo "run as root (chroot, debootstrap)" >&2; exit 2; fi
if ! command -v debootstrap >/dev/null; then
  echo "debootstrap is missing: apt-get install debootstrap" >&2; exit 2
fi

say "1. bare Debian tree in $TREE"
if [ ! -x "$TREE/usr/bin/apt-get" ]; then
  debootstrap --variant=minbase bookworm "$TREE" http://deb.debian.org/debian \
    >"$LOG_DIR/debootstrap.log" 2>&1 || { echo "debootstrap failed"; tail "$LOG_DIR/debootstrap.log"; exit 1; }
fi
cp /etc/resolv.conf "$TREE/etc/resolv.conf"
if [ -n "$HOST_CA" ] && [ -f "$HOST_CA" ]; then
  cp "$HOST_CA" "$TREE/root/host-ca.pem"
  tree_ca=(PIP_CERT=/root/host-ca.pem SSL_CERT_FILE=/root/host-ca.pem)
fi
for fs in proc sys dev; do
  mountpoint -q "$TREE/$fs" || mount --bind "/$fs" "$TREE/$fs"
done
trap 'for fs in dev sys proc; do umount -l "$TREE/$fs" 2>/dev/null; done' EXIT

say "2. the repository at HEAD"
rm -rf "$TREE/root/bimer" && mkdir -p "$TREE/root/bimer"
git archive HEAD | tar -x -C "$TREE/root/bimer"
test_command=$(awk '/<!-- test-command/ {found=1; next} found && /^python3 / {print; exit}' README.md)
tests_packages=$(readme_line "system-packages: tests")
display_packages=$(readme_line "system-packages: display")
bundle_packages=$(readme_line "system-packages: bundle")
echo "test command: $test_command"

say "3. Python only, then the README's test command"
in_tree "apt-get update -q && apt-get install -y -q python3 python3-venv" >"$LOG_DIR/python.log" 2>&1
result "python3 python3-venv install" pass $? "$LOG_DIR/python.log"
in_tree "cd /root/bimer && rm -rf .venv && $test_command" \
  >"$LOG_DIR/tests-bare.log" 2>&1
result "test command without the system packages" fail $? "$LOG_DIR/tests-bare.log"

say "4. the desk without Qt's libraries: a message, never a traceback"
for command in "--self-test" "--preview list"; do
  in_tree "cd /root/bimer && .venv/bin/bimer-desktop $command" >"$LOG_DIR/bare-$command.log" 2>&1
  code=$?
  if grep -q Traceback "$LOG_DIR/bare-$command.log"; then code=0; fi  # a traceback fails
  result "bimer-desktop $command names the packages" fail $code "$LOG_DIR/bare-$command.log"
  grep -q "apt-get install" "$LOG_DIR/bare-$command.log" || {
    echo "FAIL: no package named"; failures=$((failures + 1)); }
done

say "5. the README's system packages for the tests, then the test command again"
in_tree "${tests_packages#sudo } -y -q" >"$LOG_DIR/packages-tests.log" 2>&1
result "$tests_packages" pass $? "$LOG_DIR/packages-tests.log"
in_tree "cd /root/bimer && rm -rf .venv && $test_command" \
  >"$LOG_DIR/tests.log" 2>&1
result "the README's test command" pass $? "$LOG_DIR/tests.log"
in_tree "cd /root/bimer && QT_QPA_PLATFORM=offscreen .venv/bin/bimer-desktop --self-test" \
  >"$LOG_DIR/self-test.log" 2>&1
result "bimer-desktop --self-test" pass $? "$LOG_DIR/self-test.log"

say "6. the display and bundle packages exist under those names"
in_tree "${display_packages#sudo } -y -q && ${bundle_packages#sudo } -y -q" \
  >"$LOG_DIR/packages-more.log" 2>&1
result "display and bundle packages install" pass $? "$LOG_DIR/packages-more.log"

say "logs in $LOG_DIR; $failures failure(s)"
[ "$failures" -eq 0 ]
