# plaza: `make` builds build/plaza; `make run` serves with demo data;
# `make test` runs every test (also under ASan+UBSan); `make bench` measures.
# `run`, `test` and `bench` first install missing Debian packages (scripts/deps.sh).

CC      ?= cc
PKGS    := libh2o-evloop jansson libjwt sqlite3 libssl libcrypto libsodium libcurl liburiparser stb libmagic
BUILD   ?= build
SAN     ?=
OPT     ?= -O2

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
GEN_OBJ  := $(BUILD)/obj/gen/spec_schemas.o
LIB_OBJ  := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(filter-out $(MAIN_SRC),$(SRC))) $(GEN_OBJ)
MAIN_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(MAIN_SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: all run test unit e2e asan bench clean deps-build deps-test deps-bench fuzz fuzz-check fuzz-bins
all: $(BUILD)/plaza

$(BUILD)/plaza: $(LIB_OBJ) $(MAIN_OBJ)
	@echo "  LD    $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

# Request-body schemas extracted from Zoom's OpenAPI file at build time.
$(BUILD)/tools/genspec: tools/genspec.c
	@mkdir -p $(dir $@)
	@echo "  TOOL  $@"
	@$(CC) -std=c11 -O1 -Wall -Wextra -Werror $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

$(BUILD)/gen/spec_schemas.c: spec/zoom-meeting-api.2023-10.json $(BUILD)/tools/genspec
	@mkdir -p $(dir $@)
	@echo "  GEN   $@"
	@$(BUILD)/tools/genspec $< > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  TEST  $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS) -lcmocka

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

# Everything, once optimised and once under AddressSanitizer + UndefinedBehaviorSanitizer.
test: deps-test
	@$(MAKE) --no-print-directory -j2 all $(UNIT_BIN)
	@$(MAKE) --no-print-directory unit e2e
	@$(MAKE) --no-print-directory -j2 BUILD=build-asan SAN=1 OPT=-O1 all unit-bins
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 OPT=-O1 unit e2e
	@$(MAKE) --no-print-directory fuzz-check

unit-bins: $(UNIT_BIN)

asan:
	@$(MAKE) --no-print-directory -j2 BUILD=build-asan SAN=1 OPT=-O1 all

bench: deps-bench
	@$(MAKE) --no-print-directory -j2 all
	@bash bench/run.sh $(BUILD)/plaza

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
	@$(MAKE) --no-print-directory -j2 BUILD=$(FUZZ_BUILD) CC=clang FUZZ=1 OPT=-O1 fuzz-bins
	@bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_TIME) $(FUZZ_TARGETS)

fuzz-check:
	@$(MAKE) --no-print-directory -j2 BUILD=$(FUZZ_BUILD) CC=clang FUZZ=1 OPT=-O1 fuzz-bins
	@bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_CHECK_TIME) $(FUZZ_ALL)
# ---- end of fuzzing ----------------------------------------------------------

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)
