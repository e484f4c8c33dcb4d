# SPDX-License-Identifier: GPL-3.0-or-later
# tingbao — build, demo, tests, install. See README.md.
#
#   make            build ./tingbao
#   make demo       install missing Debian packages, build, render examples/ into output/
#   make check      install what the tests need, build, run every test (TESTS="a b": only those)
#   make check-dist install GNU Parallel, OpenSSH, Slurm, munge; run tingbao batch on them for real;
#                   the .deb in a fresh chroot, the container image (as root)
#   make install PREFIX=/usr/local   (binary, data, man pages, bash completion, systemd units)
#   make deb        the Debian package, built in build-deb/ (scripts/make-deb)
#   make image      a container image from that package (podman; scripts/make-image)
#   make clean

PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
# compiled in (TB_DATADIR): where an installed tingbao finds lexicon/ and voices/
DATADIR   = $(PREFIX)/share/tingbao
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
VERSION   = 0.1.0

CC       ?= cc
PKGS      = espeak-ng opus ogg soxr sndfile libxml-2.0 jansson nettle libebur128 lame libzip
# Recursive (=) so that pkg-config runs when a recipe needs it, after `deps`.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))

WARN      = -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes
OPT      ?= -O2 -g
CFLAGS   ?= $(OPT)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(EXTRA_WARN) \
             -DTB_VERSION='"$(VERSION)"' -DTB_DATADIR='"$(DATADIR)"' \
             -Isrc $(PKG_CFLAGS) $(SAN_FLAGS) $(CPPFLAGS) $(CFLAGS)
ifeq ($(WERROR),1)
ALL_CFLAGS += -Werror
endif
ifeq ($(SANITIZE),1)
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
BUILD    ?= build-san
endif
BUILD    ?= build
LDLIBS    = $(PKG_LIBS) -lpthread -lm

# Everything but main() is the library, the CLI too, so that the unit tests
# link any module (cli/batch.c among them).
LIB_SRC  := $(filter-out src/main.c,$(shell find src -name '*.c' | LC_ALL=C sort))
CLI_SRC  := src/main.c
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test-deps demo check check-dist unit lint bench install uninstall clean fuzz fuzz-run valgrind \
        man deb image FORCE

# A sanitizer build stays in build-san/ (the tests run $(BUILD)/tingbao); only
# the normal build is copied to ./tingbao.
ifeq ($(SANITIZE),1)
all: $(BUILD)/tingbao
else
all: tingbao
endif

tingbao: $(BUILD)/tingbao
	$(Q)cp $< $@

$(BUILD)/tingbao: $(CLI_OBJ) $(BUILD)/libtingbao.a
	@$(if $(Q),echo "  CCLD    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libtingbao.a $(LDLIBS) $(SAN_FLAGS)

$(BUILD)/libtingbao.a: $(LIB_OBJ)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

# V=1 shows the full command lines
Q = $(if $(filter 1,$(V)),,@)

# The objects are made again when what is compiled into them (the data folder,
# the version) changes: `make` then `make install PREFIX=/usr` must not install
# a binary that looks for its data under /usr/local.
$(BUILD)/.config: FORCE
	@mkdir -p $(BUILD)
	@echo '$(DATADIR) $(VERSION)' | cmp -s - $@ || echo '$(DATADIR) $(VERSION)' >$@

$(BUILD)/%.o: %.c $(BUILD)/.config
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# Manual pages: scdoc sources in man/, roff in $(BUILD)/man/ (scdoc: see README.md).
MAN_SRC := $(sort $(wildcard man/*.scd))
MAN_OUT := $(MAN_SRC:man/%.scd=$(BUILD)/man/%)
man: $(MAN_OUT)

$(BUILD)/man/%: man/%.scd Makefile
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  SCDOC   $<")
	$(Q)sed 's/@VERSION@/$(VERSION)/g' $< | scdoc >$@.tmp && mv $@.tmp $@

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtingbao.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CCLD    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags cmocka) -o $@ $< $(BUILD)/libtingbao.a \
	    $(shell pkg-config --libs cmocka) $(LDLIBS)

unit: $(UNIT_BIN)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# Install the Debian packages that are missing (root or sudo); a no-op when all are there.
deps:
	@scripts/install-deps build

test-deps:
	@scripts/install-deps build test

DEMO_IN  = examples/xilin-0612.txt
DEMO_OUT = output/xilin-0612

demo: deps
	$(MAKE) --no-print-directory all
	./tingbao render $(DEMO_IN) -o $(DEMO_OUT)
	@echo "demo: the audio edition is in $(DEMO_OUT)/ (play the .opus file named after it)"

check: test-deps
	$(MAKE) --no-print-directory all unit
	BUILD=$(BUILD) tests/run $(TESTS)

# The distributed engines, for real (as root: sshd, munged, slurmctld, slurmd of
# our own on loopback, torn down after): GNU Parallel over SSH, a Slurm job
# array, the Kubernetes Indexed Job's entry point (docs/batch.md); then the
# Debian package installed in a fresh debootstrap chroot and the container
# image running the Indexed Job's pods (tests/dist/deb_chroot.sh, image_podman.sh).
check-dist:
	@scripts/install-deps build test dist deb
	$(MAKE) --no-print-directory all
	BUILD=$(BUILD) tests/dist/run $(TESTS)

lint:
	cppcheck --quiet --enable=warning,style,performance,portability --std=c11 --inline-suppr \
	    --suppress=missingIncludeSystem --error-exitcode=1 -Isrc src
	clang-format --dry-run --Werror $(LIB_SRC) $(CLI_SRC)
	python3 tests/lib/funclen.py $(LIB_SRC) $(CLI_SRC)
	@big=$$(wc -l $(LIB_SRC) $(CLI_SRC) $(wildcard src/*/*.h) | awk '$$2 != "total" && $$1 > 600'); \
	    if [ -n "$$big" ]; then echo "files over 600 lines:"; echo "$$big"; exit 1; fi

# valgrind: a real threaded render (its engine children silent: a child forked
# from a threaded process holds the other threads' memory unreachable, which
# valgrind calls lost), then the synth unit tests, whose section children
# (from a single-threaded process) are checked for errors and leaks too.
VALGRIND = valgrind --error-exitcode=1 --leak-check=full --show-leak-kinds=definite,indirect \
	    --errors-for-leak-kinds=definite,indirect --suppressions=tests/lib/valgrind.supp
valgrind: all unit
	@tmp=$$(mktemp -d) && \
	$(VALGRIND) --child-silent-after-fork=yes $(BUILD)/tingbao render -q --no-feed \
	    tests/data/pages/render-small.txt -o $$tmp/ed; rc=$$?; rm -rf $$tmp; [ $$rc -eq 0 ] || exit $$rc; \
	$(VALGRIND) -q $(BUILD)/tests/test_synth >/dev/null

# libFuzzer harnesses (clang + libclang-rt-14-dev), built with ASan and UBSan in build-fuzz/.
FUZZ_TARGETS = normalize lexicon segment edition feedconf
FUZZ_SAN     = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_SECONDS ?= 60

fuzz:
	$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT='-O1 -g' \
	    SAN_FLAGS='-fsanitize=fuzzer-no-link $(FUZZ_SAN)' build-fuzz/libtingbao.a
	@for t in $(FUZZ_TARGETS); do \
	    echo "  FUZZ    build-fuzz/fuzz_$$t"; \
	    clang -std=c11 -O1 -g -Isrc $(PKG_CFLAGS) -DTB_VERSION='"$(VERSION)"' \
	        -fsanitize=fuzzer $(FUZZ_SAN) -o build-fuzz/fuzz_$$t tests/fuzz/fuzz_$$t.c \
	        build-fuzz/libtingbao.a $(LDLIBS) || exit 1; \
	done

# Run every harness for FUZZ_SECONDS each on a copy of its seed corpus; fails on any crash.
fuzz-run: fuzz
	tests/fuzz/run $(FUZZ_SECONDS) $(FUZZ_TARGETS)

bench: all
	bench/run

# DESTDIR stages the tree (debian/rules does); the units run $(BINDIR)/tingbao.
UNITS = tingbao-daily.service tingbao-daily.timer
install: all man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/lexicon $(DESTDIR)$(DATADIR)/voices \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(SYSTEMDUNITDIR)
	install -m 755 tingbao $(DESTDIR)$(BINDIR)/tingbao
	install -m 755 dist/tingbao-shard $(DESTDIR)$(BINDIR)/tingbao-shard
	install -m 644 lexicon/*.tsv $(DESTDIR)$(DATADIR)/lexicon/
	install -m 644 voices/* $(DESTDIR)$(DATADIR)/voices/
	install -m 644 $(filter %.1,$(MAN_OUT)) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(filter %.5,$(MAN_OUT)) $(DESTDIR)$(MANDIR)/man5/
	install -m 644 dist/tingbao.bash-completion $(DESTDIR)$(BASHCOMPDIR)/tingbao
	ln -sf tingbao $(DESTDIR)$(BASHCOMPDIR)/tingbao-shard
	for u in $(UNITS); do \
	    sed 's|/usr/bin/tingbao|$(BINDIR)/tingbao|g' dist/$$u >$(DESTDIR)$(SYSTEMDUNITDIR)/$$u && \
	    chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/$$u || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tingbao $(DESTDIR)$(BINDIR)/tingbao-shard
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(MAN_SRC:man/%.scd=$(DESTDIR)$(MANDIR)/man1/%) $(MAN_SRC:man/%.scd=$(DESTDIR)$(MANDIR)/man5/%)
	rm -f $(DESTDIR)$(BASHCOMPDIR)/tingbao $(DESTDIR)$(BASHCOMPDIR)/tingbao-shard
	rm -f $(UNITS:%=$(DESTDIR)$(SYSTEMDUNITDIR)/%)

# The Debian package, built from a copy of the tree in build-deb/ with no
# network; lintian judges it. Then a container image of it (podman).
deb:
	scripts/make-deb

image: deb
	scripts/make-image

clean:
	rm -rf build build-san build-fuzz build-deb tingbao
