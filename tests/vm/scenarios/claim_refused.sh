# claim_refused - mem_address/mem_size that would make the module write
# over memory that is not a range reserved for it are refused at load, with
# a message that says what the range is: System RAM (no memmap= for it, or
# a mem_size running past the memmap= range into RAM), a range running out
# of a reserved one into the PCI hole.  The reserved range itself still
# loads.  (The refusal of the firmware's ACPI tables and NVS cannot be shown
# here: QEMU's firmware lists its tables as plain "Reserved".)  And the
# reserved range itself, blank, is refused without mem_init=1 (it could be
# firmware memory that merely looks reserved), formatted with it, and
# loads without it once it holds oomsnap's header.
# vm-mem: 256
# (the firmware's reserved range at 0x0ffe0000 is the top of 256 MiB of RAM;
# a debug kernel would otherwise get 512)
# vm-append: memmap=16M$0x0e000000
b=$(boot_id_param)
run iomem cat /proc/iomem
run ram insmod /oomsnap.ko mem_address=0x01000000 mem_size=16777216 "$b"
run beyond insmod /oomsnap.ko mem_address=0x0e000000 mem_size=33554432 "$b"
# the firmware's reserved range at the top of RAM, running into the PCI hole
run hole insmod /oomsnap.ko mem_address=0x0ffe0000 mem_size=1048576 "$b"
# shellcheck disable=SC2046 # $(region_mem): two parameters
run blank insmod /oomsnap.ko $(region_mem) "$b"
# shellcheck disable=SC2046 # $(region): several parameters
run good insmod /oomsnap.ko $(region)
run rmmod rmmod oomsnap
# shellcheck disable=SC2046 # $(region_mem): two parameters
run again insmod /oomsnap.ko $(region_mem) "$b"
run rmmod2 rmmod oomsnap
emit_dmesg
