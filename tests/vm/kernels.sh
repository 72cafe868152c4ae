#!/bin/bash
# kernels.sh [--flavours|--all] - print the kernel ABI names the VM tests
# run on, one per line: the newest Debian 12 6.1 kernel and the newest 6.12
# backport kernel, resolved from apt metadata (e.g. "6.1.0-56-amd64",
# "6.12.117+deb12-amd64").
#   --flavours  instead Debian's other 6.12 flavours (make vm-flavours): rt
#               (PREEMPT_RT) and cloud (fewer drivers and modules), e.g.
#               "6.12.117+deb12-rt-amd64", "6.12.117+deb12-cloud-amd64"
#   --all       both: the two kernels, then the flavours (install-deps.sh)
set -euo pipefail

base=1
flavours=0
case ${1:-} in
"") ;;
--flavours) base=0 flavours=1 ;;
--all) flavours=1 ;;
*) echo "usage: $0 [--flavours|--all]" >&2; exit 64 ;;
esac

resolve() {	# resolve <metapackage>: the linux-image-<ver> it depends on -> <ver>
	apt-cache depends "$1" 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*-amd64\)$/\1/p' |
		grep -v -- '-unsigned$' | sort -V | tail -n 1
}

v61=$(resolve linux-image-amd64 || true)
v612=$(resolve linux-image-6.12-amd64 || true)
if [ -z "$v61" ] || [ -z "$v612" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "kernels.sh: apt metadata has no kernel images; running apt-get update" >&2
		apt-get update -qq >&2
		v61=$(resolve linux-image-amd64 || true)
		v612=$(resolve linux-image-6.12-amd64 || true)
	fi
fi
if [ -z "$v61" ] || [ -z "$v612" ]; then
	echo "kernels.sh: cannot resolve linux-image-amd64 / linux-image-6.12-amd64 from apt metadata" >&2
	echo "  run 'apt-get update' as root (bookworm and bookworm-backports or the 6.12 source must be enabled)" >&2
	exit 2
fi
if [ "$base" -eq 1 ]; then
	echo "$v61"
	echo "$v612"
fi
if [ "$flavours" -eq 1 ]; then
	for f in rt cloud; do
		v=$(resolve "linux-image-6.12-$f-amd64" || true)
		[ -n "$v" ] || { echo "kernels.sh: cannot resolve linux-image-6.12-$f-amd64 from apt metadata" >&2; exit 2; }
		echo "$v"
	done
fi
