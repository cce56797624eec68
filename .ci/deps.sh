# Sourced by run.sh and test.sh: install what is missing from Debian's
# archive, build with a CMake preset. Quiet when there is nothing to do.

PAIRBOX_PACKAGES=(
  gcc g++ libc6-dev make cmake pkg-config
  libseccomp-dev libcap-dev libjansson-dev
  libmicrohttpd-dev libsqlite3-dev libcurl4-openssl-dev
  libcrypt-dev  # libxcrypt: yescrypt password hashes (api/password.c)
  libpq-dev     # the PostgreSQL store (api/store/pg.c), for several machines
  zlib1g-dev    # gzip of the replay's answer (api/routes_replay.c)
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

# Node's type definitions for TypeScript (langs/typescript.json's
# --typeRoots): @types/node from the npm registry, pinned (the last 20.x
# for TypeScript 4.8, Debian 12's tsc), in a directory of pairbox's own
# under /usr so that boxes see it. Without npm, Debian's nodejs ships its
# own copy (/usr/share/nodejs/@types/node), linked instead.
PAIRBOX_TS_TYPES=/usr/local/share/pairbox/typescript
PAIRBOX_TS_NPM=(@types/node@20.17.6 undici-types@6.19.8)
pairbox_install_ts_types() {
  local dir=$PAIRBOX_TS_TYPES
  [ "$(cat "$dir/installed" 2>/dev/null)" = "${PAIRBOX_TS_NPM[*]}" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "pairbox: missing ${PAIRBOX_TS_NPM[*]} in $dir (run as root to install them)" >&2
    return 1
  fi
  if command -v npm >/dev/null; then
    echo "pairbox: installing ${PAIRBOX_TS_NPM[*]} into $dir"
    rm -rf "$dir" && mkdir -p "$dir" &&
      npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund \
        --loglevel=error "${PAIRBOX_TS_NPM[@]}" >/dev/null &&
      chmod -R a+rX "$dir" &&    # boxes read it as their own uid, whatever root's umask
      echo "${PAIRBOX_TS_NPM[*]}" >"$dir/installed"
  elif [ -f /usr/share/nodejs/@types/node/index.d.ts ]; then
    mkdir -p "$dir/node_modules/@types" &&
      ln -sfn /usr/share/nodejs/@types/node "$dir/node_modules/@types/node"
  else
    echo "pairbox: neither npm nor Debian's @types/node: TypeScript is not offered" >&2
  fi
}

# The web app (frontend/: CMake runs npm ci, tsc and esbuild) needs node
# >= 18 and npm; the browser tests (Playwright) need node >= 20. The image
# has node 20 with npm in /usr/bin; elsewhere Debian's nodejs and npm.
pairbox_install_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return 0
  pairbox_install nodejs npm
}

# The browser tests' browser (tests/browser): Debian's Chromium, never a
# download of Playwright's own.
pairbox_install_browser() {
  pairbox_install chromium
}

# The tests' PostgreSQL server (tests/pg: initdb into a temporary
# directory, a socket only). Debian's package would also create and start
# a cluster of its own on port 5432: told not to, nothing runs but ours.
pairbox_install_postgres() {
  local conf=/etc/postgresql-common/createcluster.d/pairbox.conf
  if [ ! -f $conf ] && [ "$(id -u)" -eq 0 ]; then
    mkdir -p "${conf%/*}" && echo "create_main_cluster = false" >$conf
  fi
  pairbox_install postgresql-15
}

# pairbox_install_all: the build's packages, then every language's toolchain.
pairbox_install_all() {
  pairbox_install || return 1
  # shellcheck disable=SC2046  # one word per package
  pairbox_install $(pairbox_lang_packages) $(pairbox_guest_packages) || return 1
  pairbox_install_node || return 1
  pairbox_install_ts_types
}
