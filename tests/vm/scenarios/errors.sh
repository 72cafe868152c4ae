# errors - the CLI's error paths: no module, unprivileged user, no records,
# unknown record, bad argument.  The host checks messages and exit codes.
# (/usr/bin/setpriv is util-linux: busybox sh would run its own setpriv applet,
# which has no --reuid.)
run nomod oomsnap list
run insmod insmod /oomsnap.ko
run unpriv /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups oomsnap list
run empty oomsnap list
run empty_json oomsnap list --json
run unknown oomsnap show 999
run badarg oomsnap show abc
run rmmod rmmod oomsnap
emit_dmesg
