#!/bin/bash
# apt-sources.sh - sourced by tests/check-fresh.sh and tests/vm/sdimage.sh:
# the Debian mirror of this host's apt sources, for debootstrap.
# host_sources: "<uri> <suite>" for every enabled deb source of the host
# (one-line .list and deb822 .sources formats).
host_sources() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" { print $2, $3 }'
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
			function flush() {
				if (types ~ /(^| )deb( |$)/ && enabled !~ /^[Nn]o$/)
					for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++) print u[i], s[j]
				types = ""; enabled = ""; nu = 0; ns = 0
			}
			/^[ \t]*#/ { next }
			/^[ \t]*$/ { flush(); next }
			tolower($1) == "types:" { $1 = ""; types = $0 }
			tolower($1) == "enabled:" { enabled = $2 }
			tolower($1) == "uris:" { for (i = 2; i <= NF; i++) u[++nu] = $i }
			tolower($1) == "suites:" { for (i = 2; i <= NF; i++) s[++ns] = $i }
			END { flush() }
		' "$f"
	done
}
pick() {	# pick <suite-regex>: the first host URI serving a matching suite
	host_sources | awk -v re="$1" '$2 ~ re { print $1; exit }' | sed 's:/*$::'
}
