#!/bin/sh
# mmdebstrap --extract-hook for the runtime base ($1 = rootfs; NODE_BIN in the environment):
# turns the extracted Debian packages into a distroless-like base with Node 20 at /nodejs/bin/node
# (gcr.io/distroless/nodejs20's path), users root/nonroot(65532), CA certificates, and no shell.
set -eu
R="$1"
printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >"$R/etc/passwd"
printf '%s\n' 'root:x:0:' 'nonroot:x:65532:' >"$R/etc/group"
mkdir -p "$R/root" "$R/home/nonroot" "$R/tmp" "$R/etc/ssl/certs" "$R/nodejs/bin"
chmod 700 "$R/root"
chown 65532:65532 "$R/home/nonroot"
chmod 1777 "$R/tmp"
# CA bundle from Debian's ca-certificates package, unpacked only (installing it needs openssl+perl).
t=$(mktemp -d)
(cd "$t" && apt-get download -q ca-certificates >/dev/null 2>&1)
dpkg-deb -x "$t"/ca-certificates_*.deb "$t/x"
cat "$t"/x/usr/share/ca-certificates/mozilla/*.crt >"$R/etc/ssl/certs/ca-certificates.crt"
rm -rf "$t"
install -m 0755 "$NODE_BIN" "$R/nodejs/bin/node"
rm -rf "$R/usr/share/doc" "$R/usr/share/man" "$R/usr/share/info" "$R/usr/share/locale" "$R/usr/share/lintian" \
  "$R"/var/cache/apt/archives/*.deb "$R/etc/resolv.conf" "$R/etc/hostname"
# No shell: the packages above bring none, and none may slip in.
if [ -e "$R/bin/sh" ] || [ -e "$R/usr/bin/sh" ]; then echo "base-hook: a shell is in the base" >&2; exit 1; fi
