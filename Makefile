# A thin wrapper around CMake (as neovim has): `make stats` and `make test`
# are the two commands of the README's quick start.
#
#   make deps     install the Debian packages the build and tests need
#   make          configure and build into build/
#   make stats    deps, build, then unionnews stats on the bundled page
#   make test     deps, build, then the whole test suite (ctest)
#   make clean    remove build/
#   make fuzz     the fuzz targets with clang and libFuzzer (build-fuzz/):
#                 replay the saved corpus, then fuzz each FUZZ_SECONDS
#   make valgrind the whole suite under valgrind (build-vg/): no error, no leak
#   make coverage the suite with gcov (build-cov/), then gcovr's line and
#                 branch coverage of the library
#
# UN_WERROR=ON turns compiler warnings into errors (CI does this);
# CMAKE_BUILD_TYPE picks the build type (default RelWithDebInfo);
# BUILD the build directory; CMAKE_EXTRA more cmake options
# (-DUN_SANITIZE=ON for ASan and UBSan).

BUILD ?= build
CMAKE_BUILD_TYPE ?= RelWithDebInfo
UN_WERROR ?= OFF
CMAKE_EXTRA ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

# Debian packages: the compiler and build tools, the libraries, the test
# tools (cmocka; python3 runs the spec and CLI case runners; opencc makes the
# Big5 test page); SQLite for export (sqlite3, its shell, for looking at what
# export wrote); chromium and fonts-noto-cjk render the HTML report for its
# screenshot test. Hyperscan is
# x86 only; Vectorscan is the same library for the other architectures.
HS_PACKAGE = $(if $(filter amd64 i386,$(shell dpkg --print-architecture 2>/dev/null)),libhyperscan-dev,libvectorscan-dev)
PACKAGES = gcc make cmake pkg-config libutf8proc-dev libcsv-dev libcmocka-dev libuchardet-dev \
           python3 opencc time libsqlite3-dev sqlite3 chromium fonts-noto-cjk $(HS_PACKAGE)

# What make fuzz, valgrind and coverage need besides.
CHECK_PACKAGES = clang-14 libclang-rt-14-dev valgrind gcovr
FUZZ_SECONDS ?= 30
# Possibly lost blocks are not counted: Hyperscan keeps its scratch by an
# aligned (interior) pointer, which a run ended by SIGPIPE leaves behind.
VALGRIND = valgrind;-q;--error-exitcode=99;--leak-check=full;--errors-for-leak-kinds=definite,indirect;--show-leak-kinds=definite,indirect

.PHONY: all build deps check-deps stats test clean fuzz valgrind coverage

all: build

deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi; \
	  $$sudo apt-get install -y $$missing || { $$sudo apt-get update && $$sudo apt-get install -y $$missing; }; \
	fi

check-deps:
	$(MAKE) deps PACKAGES="$(PACKAGES) $(CHECK_PACKAGES)"

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE) -DUN_WERROR=$(UN_WERROR) $(CMAKE_EXTRA)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

stats: deps
	$(MAKE) build
	$(BUILD)/unionnews stats data/bulletin.txt

test: deps
	$(MAKE) build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

fuzz: check-deps
	CC=clang-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUN_FUZZ=ON \
	  -DUN_WERROR=$(UN_WERROR)
	cmake --build build-fuzz -j $(JOBS)
	ctest --test-dir build-fuzz --output-on-failure -R '^fuzz/'
	tests/fuzz/run-fuzz.sh build-fuzz $(FUZZ_SECONDS)

valgrind: check-deps
	cmake -S . -B build-vg -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUN_WERROR=$(UN_WERROR) \
	  "-DUN_TEST_WRAPPER=$(VALGRIND)"
	cmake --build build-vg -j $(JOBS)
	ctest --test-dir build-vg --output-on-failure -j $(JOBS) --timeout 1500

coverage: check-deps
	cmake -S . -B build-cov -DCMAKE_BUILD_TYPE=Debug -DUN_COVERAGE=ON
	cmake --build build-cov -j $(JOBS)
	ctest --test-dir build-cov --output-on-failure -j $(JOBS)
	gcovr -r . --object-directory build-cov --filter src/lib/ --exclude-unreachable-branches \
	  --exclude-throw-branches --branches --html-details build-cov/coverage.html \
	  --txt build-cov/coverage.txt --print-summary

clean:
	rm -rf $(BUILD)
