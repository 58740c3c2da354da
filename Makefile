# ckm — run `make help` for the targets.
SHELL := bash
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
PKGS := ./...
FUZZTIME ?= 60s
LOAD_N ?= 100000
SCALE_SIZES ?= 100000,300000,1000000
SCALE_FLAGS ?=

.PHONY: help
help: ## show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z\/_-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## build bin/ckm
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/ckm ./cmd/ckm

.PHONY: deps
deps: ## install redis-server from Debian's packages when it is missing
	@scripts/deps.sh

.PHONY: deps/browser
deps/browser: ## install redis-server and chromium (the browser test's) when missing
	@scripts/deps.sh browser

.PHONY: run
run: build ## build, start ckm's Redis (REDIS_PORT, default 6390), serve on CKM_HTTP_ADDR, load examples/; Ctrl-C stops all
	@scripts/run.sh

.PHONY: stop
stop: ## stop what `make run` started (the server and ckm's own Redis)
	@scripts/stop.sh

.PHONY: test
test: deps/browser ## run every test, with a private redis-server per test
	$(GO) vet $(PKGS)
	$(GO) test -count=1 -timeout 20m $(PKGS)

.PHONY: test/race
test/race: deps/browser ## run every test with the race detector
	$(GO) test -count=1 -race -timeout 30m $(PKGS)

.PHONY: fuzz
fuzz: ## run each fuzz target for FUZZTIME (default 60s)
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeDocument$$' -fuzztime $(FUZZTIME) .
	$(GO) test -run '^$$' -fuzz '^FuzzAnalyze$$' -fuzztime $(FUZZTIME) ./nlp
	$(GO) test -run '^$$' -fuzz '^FuzzRedact$$' -fuzztime $(FUZZTIME) ./nlp
	$(GO) test -run '^$$' -fuzz '^FuzzValidate$$' -fuzztime $(FUZZTIME) ./alerts
	$(GO) test -run '^$$' -fuzz '^FuzzSearch$$' -fuzztime $(FUZZTIME) ./index
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./index/query
	$(GO) test -run '^$$' -fuzz '^FuzzSearchParams$$' -fuzztime $(FUZZTIME) ./api
	$(GO) test -run '^$$' -fuzz '^FuzzSafeFragment$$' -fuzztime $(FUZZTIME) ./api
	$(GO) test -run '^$$' -fuzz '^FuzzWordFragment$$' -fuzztime $(FUZZTIME) ./api
	$(GO) test -run '^$$' -fuzz '^FuzzParseWords$$' -fuzztime $(FUZZTIME) ./cmd/ckm
	$(GO) test -run '^$$' -fuzz '^FuzzSafeNext$$' -fuzztime $(FUZZTIME) ./api

.PHONY: bench
bench: ## Go benchmarks (GOMAXPROCS=1: ckm vs prose per file, index writes), then make report
	GOMAXPROCS=1 $(GO) test -run '^$$' -bench . -benchmem -count 3 ./nlp ./index | tee bench.txt
	$(GO) test -run '^$$' -bench BenchmarkIngestAndMatch -benchtime 3x ./alerts | tee -a bench.txt
	$(MAKE) report

.PHONY: loadtest
loadtest: build deps ## end to end: LOAD_N documents (default 100000) enqueue → analyse → index vs Bleve alone, live latency idle vs re-analysing
	$(GO) run ./internal/cmd/loadtest -n $(LOAD_N) -bin bin/ckm -data ../shared/data | tee loadtest.md

.PHONY: report
report: build deps ## measure ckm against its baselines in one run (under 20 min on 2 cores): write BENCHMARKS.md and docs/*.png
	$(GO) run ./internal/cmd/report -data ../shared/data -bin bin/ckm -out BENCHMARKS.md -charts docs

.PHONY: scale
scale: build deps ## ingest SCALE_SIZES documents (default 100000,300000,1000000; hours on 2 cores) into one ckm serve: cost, search vs FTS5, re-analysis; SCALE_FLAGS=-memory-mib=500 runs serve in a 500 MiB cgroup; BENCHMARKS.md's scale section
	nice -n 10 $(GO) run ./internal/cmd/scale -data ../shared/data -bin bin/ckm -sizes $(SCALE_SIZES) $(SCALE_FLAGS) -out BENCHMARKS.md -charts docs

.PHONY: lint
lint: ## gofmt and go vet
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	$(GO) vet $(PKGS)

.PHONY: docker
docker: ## build the container image
	docker build --build-arg VERSION=$(VERSION) -t ckm:$(VERSION) .

.PHONY: clean
clean: ## remove build output (not the data directory)
	rm -rf bin bench.txt loadtest.md

.PHONY: loco
loco: ## print the need detection's leave-one-channel-out matrix over six channels of ../shared/data (EVALUATION.md)
	$(GO) run ./internal/cmd/trainneeds -data ../shared/data -loco

.PHONY: train
train: train/needs ## retrain nlp's need model and entity taggers from ../shared/data and print their held-out figures
	$(GO) run ./internal/cmd/trainentities -data ../shared/data -out nlp/data

.PHONY: train/needs
train/needs: ## retrain only nlp's word clusters, need model, kind veto and complaint head (a few minutes; the taggers take about half an hour)
	$(GO) run ./internal/cmd/trainneeds -data ../shared/data -clusters-only -clusters-out nlp/data/wordclusters.txt
	$(GO) run ./internal/cmd/trainneeds -data ../shared/data -out nlp/data/needmodel.txt
