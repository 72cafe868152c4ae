# probe.mk - read kmod/Kbuild outside kbuild and print what its feature
# probes decided.  make -f probe.mk KBUILD_FILE=<kmod/Kbuild> src=<kmod dir>
# srctree=<tree> objtree=<tree>   prints the ccflags-y words, one a line.
include $(KBUILD_FILE)

.PHONY: print
print:
	@for w in $(ccflags-y); do echo "$$w"; done
