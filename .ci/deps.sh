# Sourced by run.sh and test.sh: install what is missing from Debian's
# archive, build with a CMake preset. Quiet when there is nothing to do.

PAIRBOX_PACKAGES=(
  gcc g++ libc6-dev make cmake pkg-config
  libseccomp-dev libcap-dev libnl-3-dev libnl-route-3-dev libjansson-dev
  libmicrohttpd-dev libsqlite3-dev libcurl4-openssl-dev
  python3 iproute2 procps bubblewrap
  unzip        # additional files are unzipped inside the box (launcher/addfiles.c)
)

# The toolchains: every "packages" entry of langs/*.json (python3, from
# the list above, reads them).
pairbox_lang_packages() {
  python3 - <<'PY'
import glob, json
seen = []
for f in sorted(glob.glob('langs/*.json')):
    for p in json.load(open(f)).get('packages', []):
        if p not in seen:
            seen.append(p)
print(' '.join(seen))
PY
}

pairbox_install() {
  local missing=() p
  for p in "${PAIRBOX_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "pairbox: missing packages: ${missing[*]} (run as root to install them)" >&2
    return 1
  fi
  echo "pairbox: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The cgroup v2 test guest (tests/guest, ctest -L guest): User-mode Linux,
# or QEMU with PAIRBOX_GUEST_BACKEND=qemu (its kernel is fetched at test time).
pairbox_guest_packages() {
  case ${PAIRBOX_GUEST_BACKEND:-uml} in
    qemu) echo qemu-system-x86 busybox-static ;;
    *) echo user-mode-linux busybox-static ;;
  esac
}

# pairbox_build PRESET: configure (once) and build; print the log only on failure.
pairbox_build() {
  local preset=$1 dir log
  case $preset in dev) dir=build ;; *) dir=build-$preset ;; esac
  log=$(mktemp)
  if ! { [ -f "$dir/CMakeCache.txt" ] || cmake --preset "$preset" >"$log" 2>&1; } ||
     ! cmake --build "$dir" -j"$(nproc)" >>"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "pairbox: build ($preset) failed" >&2
    return 1
  fi
  rm -f "$log"
}

# pairbox_install_all: the build's packages, then every language's toolchain.
pairbox_install_all() {
  pairbox_install || return 1
  # shellcheck disable=SC2046  # one word per package
  pairbox_install $(pairbox_lang_packages) $(pairbox_guest_packages)
}
