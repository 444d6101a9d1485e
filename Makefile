# A thin wrapper around CMake (as neovim has): `make stats` and `make test`
# are the two commands of the README's quick start.
#
#   make deps     install the Debian packages the build and tests need
#   make          configure and build into build/
#   make stats    deps, build, then unionnews stats on the bundled page
#   make test     deps, build, then the whole test suite (ctest)
#   make clean    remove build/
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
# Big5 test page). Hyperscan is
# x86 only; Vectorscan is the same library for the other architectures.
HS_PACKAGE = $(if $(filter amd64 i386,$(shell dpkg --print-architecture 2>/dev/null)),libhyperscan-dev,libvectorscan-dev)
PACKAGES = gcc make cmake pkg-config libutf8proc-dev libcsv-dev libcmocka-dev libuchardet-dev \
           python3 opencc time $(HS_PACKAGE)

.PHONY: all build deps stats test clean

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

clean:
	rm -rf $(BUILD)
