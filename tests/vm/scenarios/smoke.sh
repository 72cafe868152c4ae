# smoke - trivial scenario: the VM boots, runs a scenario and powers off.
run uname uname -a
run hog_limit /bin/hog -q -m 8
emit_dmesg
