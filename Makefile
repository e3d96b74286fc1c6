# sharedbuf: two commands set everything up and run (see README.md).
#   make check   host packages, guest kernel + Mesa 25, build, all tests:
#                host suites, fuzzing, and one guest VM per build: the
#                whole guest suite under ASan+UBSan, the threaded tests
#                under TSan, and in the plain build what ASan cannot run
#                (one case each of weston, GStreamer and eglinfo) plus a
#                smoke set (tests/check.sh).
#                About 5 min warm on a quiet 2-core machine (README "Tests")
#   make demo    the same set-up, then demo.png from the guest
#   make deb     the Debian packages in .cache/deb (make check builds them
#                too, and checks them installed in the guest)
#   make soak    the long runs (100,000 cycles) of the plain and ASan builds
#   make integration  the plain build's whole guest suite, and every
#                stock-program case (weston@v4l, es2_info, GStreamer
#                formats x APIs) beyond the three that make check runs
# Knobs: SANITIZE=0 skips the ASan+UBSan and TSan builds (CI keeps them on),
#        BUILD / ASAN_BUILD / TSAN_BUILD / RELEASE_BUILD name the build dirs.
BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
# Compiled by make check, never tested: -O3 finds warnings (-Werror) that
# the others' -O0 does not; the benchmarks in README are of this build.
RELEASE_BUILD ?= build-release
SANITIZE   ?= 1

BUILDS := $(BUILD) $(if $(filter 1,$(SANITIZE)),$(ASAN_BUILD) $(TSAN_BUILD))
SAN_ENV := ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
TSAN_ENV := TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/tests/tsan.supp
# The TSan build runs only these guest tests (tests/check.sh reads its
# test-filter): the threaded ones. The rest of the suite is single-threaded,
# and Mesa below it is not instrumented, so it would only be slower.
TSAN_TESTS := image-cpu-threads@udmabuf cpu-capi@udmabuf \
	trust-lifetime@destroy-during-lock trust-lifetime@terminate-during-lock \
	trust-lifetime@destroy-during-image-sync trust-lifetime@fork-while-locked \
	trust-lifetime@init-terminate-race \
	sync-threads@blocked sync-threads@churn import-lazy@vgem

.PHONY: check soak integration demo deb setup build format clean import-report fuzz

check: build
	tests/check.sh $(BUILDS)

# The guest suite "soak", one VM per build dir; the TSan build runs only
# its threaded tests, so it has none.
soak: build
	SHAREDBUF_SUITE=soak tests/check.sh $(filter-out $(TSAN_BUILD),$(BUILDS))

# The plain build's guest suites "guest" (make check runs most of it under
# ASan+UBSan only) and "integration" (tests/integration/meson.build: stock
# programs, plain build only: they are not built with sanitizers), in one VM.
integration: setup $(BUILD)/build.ninja
	ninja -C $(BUILD)
	SHAREDBUF_SUITE=guest+integration tests/check.sh $(BUILD)

demo: setup $(BUILD)/build.ninja
	ninja -C $(BUILD)
	SHAREDBUF_VM_MODULES="vgem vivid" \
	SHAREDBUF_VM_APPEND="vivid.n_devs=2 vivid.allocators=0,1" \
	tests/vm/run.sh sh -c '__EGL_VENDOR_LIBRARY_FILENAMES=$$PWD/$(BUILD)/src/egl/sharedbuf-build.json \
		SHAREDBUF_NEXT_VENDOR=$$SHAREDBUF_MESA_JSON $(BUILD)/tools/sharedbuf-demo demo.png'
	@echo "demo: wrote $(CURDIR)/demo.png, $(CURDIR)/demo-cpu.png and $(CURDIR)/demo-camera.png"

# libsharedbuf0, libsharedbuf-dev, libegl-sharedbuf0, sharedbuf-tools:
# dpkg-buildpackage -b in a clean copy, then lintian (scripts/build-deb.sh).
deb: setup
	scripts/build-deb.sh

# What each malformed import does on bare Mesa and through the layer.
import-report: setup $(BUILD)/build.ninja
	ninja -C $(BUILD)
	tests/vm/run.sh tests/piglit/import-report.sh $(BUILD)

# A longer fuzz run than make check's: make fuzz FUZZ_SECONDS=600
FUZZ_SECONDS ?= 300
fuzz: setup
	tests/fuzz/run.sh $(FUZZ_SECONDS)

setup:
	scripts/setup-host.sh
	tests/vm/setup.sh

# The sanitizer builds' environment and the TSan test list are written on
# every build, so an edit of SAN_ENV, TSAN_ENV or TSAN_TESTS reaches build
# dirs set up before it.
build: setup $(addsuffix /build.ninja,$(BUILDS) $(RELEASE_BUILD))
	for b in $(BUILDS) $(RELEASE_BUILD); do ninja -C $$b || exit 1; done
ifeq ($(SANITIZE),1)
	echo '$(SAN_ENV)' > $(ASAN_BUILD)/sanitizer.env
	echo '$(TSAN_ENV)' > $(TSAN_BUILD)/sanitizer.env
	printf '%s\n' $(TSAN_TESTS) > $(TSAN_BUILD)/test-filter
endif

# make's builds have every part and -Werror (a packager's default is off).
MESON_SETUP := meson setup -Dwerror=true -Dtools=enabled -Dtests=enabled \
	-Ddemo=enabled -Dbench=enabled

$(BUILD)/build.ninja:
	$(MESON_SETUP) $(BUILD)

$(ASAN_BUILD)/build.ninja:
	$(MESON_SETUP) $(ASAN_BUILD) -Db_sanitize=address,undefined \
		-Db_lundef=false -Dc_args=-fno-sanitize-recover=all

$(TSAN_BUILD)/build.ninja:
	$(MESON_SETUP) $(TSAN_BUILD) -Db_sanitize=thread -Db_lundef=false

$(RELEASE_BUILD)/build.ninja:
	$(MESON_SETUP) $(RELEASE_BUILD) --buildtype=release

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(RELEASE_BUILD) demo.png demo-cpu.png demo-camera.png

# Piglit's own runner on sharedbuf's guest tests and on upstream Piglit's
# dma-buf and fence tests, bare and through the layer (not in make check):
# tests/piglit-runner/run.sh. make piglit PIGLIT_PROFILES=upstream runs one.
PIGLIT_PROFILES ?= sharedbuf upstream
.PHONY: piglit
piglit: setup $(BUILD)/build.ninja
	ninja -C $(BUILD)
	tests/piglit-runner/run.sh $(BUILD) $(PIGLIT_PROFILES)
