# boundaries - who may read the records: root may; an unprivileged user
# (setpriv) gets a permission error with its own exit status; from a new
# network namespace (unshare -n) the family is not there; root of a new
# user namespace (unshare -Ur, same network namespace) is refused the
# commands and the records multicast group.  One memcg kill first, so that
# there is a record to refuse.
# (/usr/bin/setpriv is util-linux; unshare is busybox's applet: -n, -U, -r.)
run insmod insmod /oomsnap.ko
run memcg make_memcg 16M
run kills memcg_kills 1
run root_list oomsnap list --json
run unpriv_list /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups oomsnap list
run unpriv_show /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups oomsnap show 1
run unpriv_status /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups oomsnap status
run netns_list unshare -n oomsnap list
run netns_status unshare -n oomsnap status
run userns_id unshare -Ur id -u
run userns_list unshare -Ur oomsnap list
run userns_show unshare -Ur oomsnap show 1
run userns_ack unshare -Ur oomsnap ack 1
run userns_events unshare -Ur dtool events 100
run root_list2 oomsnap list --json
run rmmod rmmod oomsnap
emit_dmesg
