# plaza: `make` builds build/plaza; `make run` serves with demo data;
# `make test` runs every test (also under ASan+UBSan); `make bench` measures;
# `make install PREFIX=...` copies the binary; `make docs` rewrites generated docs.
# `run`, `test` and `bench` first install missing Debian packages (scripts/deps.sh).

# Parallel by default, one job per core; an explicit -j on the command line wins.
# Only the top-level make sets it: sub-makes share its jobserver.
ifeq ($(MAKELEVEL)$(filter -j%,$(MAKEFLAGS)),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif

CC      ?= cc
PKGS    := libh2o-evloop jansson libjwt sqlite3 libssl libcrypto libsodium libcurl liburiparser stb libmagic libpq libavformat libavcodec libavutil libswresample espeak-ng
BUILD   ?= build
SAN     ?=
OPT     ?= -O2
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin

# libcurl is loaded with dlopen on first use (src/core/libcurl.c): compiled against, not linked.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(filter-out libcurl,$(PKGS)) 2>/dev/null)

CFLAGS  := -std=c11 -D_GNU_SOURCE -DH2O_USE_LIBUV=0 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wno-missing-field-initializers -g $(OPT) -Isrc $(PKG_CFLAGS) -MMD -MP
LDLIBS  := $(PKG_LIBS) -lz -lpthread -lm -ldl
ifneq ($(SAN),)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

SRC      := $(sort $(wildcard src/*/*.c))
MAIN_SRC := src/cli/main.c
GEN_OBJ  := $(BUILD)/obj/gen/spec_schemas.o $(BUILD)/obj/gen/scope_catalog.o $(BUILD)/obj/gen/assets.o
LIB_OBJ  := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(filter-out $(MAIN_SRC),$(SRC))) $(GEN_OBJ)
MAIN_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(MAIN_SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: all run test unit e2e browser e2e-postgres e2e-cluster asan bench clean install docs deps-build deps-test deps-bench fuzz fuzz-check fuzz-bins
all: $(BUILD)/plaza

$(BUILD)/plaza: $(LIB_OBJ) $(MAIN_OBJ)
	@echo "  LD    $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

# Request-body and query schemas extracted from Zoom's OpenAPI file at build time, with plaza's bounds.
$(BUILD)/tools/genspec: tools/genspec.c
	@mkdir -p $(dir $@)
	@echo "  TOOL  $@"
	@$(CC) -std=c11 -O1 -Wall -Wextra -Werror $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

$(BUILD)/gen/spec_schemas.c: spec/zoom-meeting-api.2023-10.json spec/request-bounds.tsv $(BUILD)/tools/genspec
	@mkdir -p $(dir $@)
	@echo "  GEN   $@"
	@$(BUILD)/tools/genspec spec/zoom-meeting-api.2023-10.json spec/request-bounds.tsv > $@.tmp && mv $@.tmp $@

# The scope catalogue, from the app-scopes guide's tables, plaza's list and Zoom's OpenAPI files.
SCOPE_DATA := spec/app-scopes-guide.tsv spec/scopes-plaza.tsv spec/zoom-meeting-api.2023-10.json \
              spec/zoom-meeting-api.2023-07.json
$(BUILD)/tools/genscopes: tools/genscopes.c
	@mkdir -p $(dir $@)
	@echo "  TOOL  $@"
	@$(CC) -std=c11 -O1 -Wall -Wextra -Werror $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

$(BUILD)/gen/scope_catalog.c: $(SCOPE_DATA) $(BUILD)/tools/genscopes
	@mkdir -p $(dir $@)
	@echo "  GEN   $@"
	@$(BUILD)/tools/genscopes $(SCOPE_DATA) > $@.tmp && mv $@.tmp $@

# The web portal's static files (web/), embedded with their Content-Type and an ETag (SHA-256).
WEB_FILES := $(sort $(shell find web -type f 2>/dev/null))
$(BUILD)/tools/genassets: tools/genassets.c
	@mkdir -p $(dir $@)
	@echo "  TOOL  $@"
	@$(CC) -std=c11 -O1 -Wall -Wextra -Werror $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

$(BUILD)/gen/assets.c: $(WEB_FILES) $(BUILD)/tools/genassets
	@mkdir -p $(dir $@)
	@echo "  GEN   $@"
	@$(BUILD)/tools/genassets web $(WEB_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  TEST  $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS) -lcmocka

# The binary only: `make install PREFIX=$$HOME/.local`, DESTDIR for staging.
install: $(BUILD)/plaza
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $(BUILD)/plaza $(DESTDIR)$(BINDIR)/plaza

# docs/api-coverage.md is generated from the route table (src/http/routes.c) and
# docs/api-coverage.md.in; tests/e2e/docs.test.mjs fails when it is stale.
docs: $(BUILD)/plaza
	@echo "  DOCS  docs/api-coverage.md"
	@$(BUILD)/plaza routes --markdown < docs/api-coverage.md.in > docs/api-coverage.md.tmp
	@mv docs/api-coverage.md.tmp docs/api-coverage.md
	@echo "  DOCS  docs/access.md"
	@$(BUILD)/plaza routes --access < docs/access.md.in > docs/access.md.tmp
	@mv docs/access.md.tmp docs/access.md

deps-build:
	@bash scripts/deps.sh build
deps-test:
	@bash scripts/deps.sh test
deps-bench:
	@bash scripts/deps.sh bench

# Serves on 127.0.0.1:8080 with demo data in var/plaza.db (kept between runs).
run: deps-build
	@$(MAKE) --no-print-directory $(BUILD)/plaza
	@mkdir -p var
	$(BUILD)/plaza serve --demo --db var/plaza.db $(ARGS)

unit: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do $$t || exit 1; done

e2e: $(BUILD)/plaza
	@bash tests/e2e/run.sh $(BUILD)/plaza

# The web portal in Debian's chromium, driven by playwright-core, axe-core on every page;
# screenshots in $(BUILD)/screenshots (tests/browser/). npm modules as for e2e.
browser: $(BUILD)/plaza
	@if [ ! -d tests/e2e/node_modules/playwright-core ] || [ ! -d tests/e2e/node_modules/axe-core ]; then (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error); fi
	@PLAZA_BIN=$(abspath $(BUILD)/plaza) PLAZA_SCREENSHOTS=$(abspath $(BUILD)/screenshots) \
	  node --test --test-reporter=spec tests/browser/*.test.mjs

# The same suite on PostgreSQL, then as three nodes on it behind HAProxy (tests/e2e/run.sh).
e2e-postgres: $(BUILD)/plaza
	@bash tests/e2e/run.sh $(BUILD)/plaza postgres
e2e-cluster: $(BUILD)/plaza
	@bash tests/e2e/run.sh $(BUILD)/plaza cluster

# Everything, once optimised and once under AddressSanitizer + UndefinedBehaviorSanitizer; the
# end-to-end suite also on PostgreSQL and on three nodes (optimised build).
# Builds share the parallel jobs; unit and e2e run one after the other.
test: deps-test
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory e2e
	@$(MAKE) --no-print-directory browser
	@$(MAKE) --no-print-directory e2e-postgres
	@$(MAKE) --no-print-directory e2e-cluster
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 OPT=-O1 all unit-bins
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 OPT=-O1 unit
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 OPT=-O1 e2e
	@$(MAKE) --no-print-directory fuzz-check

unit-bins: $(UNIT_BIN)

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 OPT=-O1 all

bench: deps-bench
	@$(MAKE) --no-print-directory all
	@bash bench/run.sh $(BUILD)/plaza
	@bash bench/cluster.sh $(BUILD)/plaza
	@bash bench/portal.sh $(BUILD)/plaza
	@bash bench/recording.sh $(BUILD)/plaza

# ---- fuzzing (tests/fuzz/) --------------------------------------------------
# libFuzzer targets, one per surface that parses outside input, built with
# clang into build-fuzz/ (its own objects: the normal build is untouched).
# `make fuzz` runs each for FUZZ_TIME seconds (FUZZ_TARGETS picks some);
# `make test` replays every regression case, then fuzzes each for FUZZ_CHECK_TIME.
FUZZ_BUILD       := build-fuzz
FUZZ_TIME        ?= 300
FUZZ_CHECK_TIME  ?= 10
FUZZ_ALL         := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_TARGETS     ?= $(FUZZ_ALL)
ifneq ($(FUZZ),)
CFLAGS  += -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=fuzzer,address,undefined
endif

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  FUZZ  $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS)

fuzz-bins: $(addprefix $(BUILD)/fuzz/,$(FUZZ_ALL))

fuzz: deps-test
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang FUZZ=1 OPT=-O1 fuzz-bins
	@bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_TIME) $(FUZZ_TARGETS)

fuzz-check:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang FUZZ=1 OPT=-O1 fuzz-bins
	@bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_CHECK_TIME) $(FUZZ_ALL)
# ---- end of fuzzing ----------------------------------------------------------

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)
