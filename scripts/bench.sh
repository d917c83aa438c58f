#!/usr/bin/env bash
# Whole-process benchmarks of weekly-report against the parsing floor and a peer tool, on a
# generated corpus (examples/corpus.rs): time (hyperfine), throughput, ratio to the floor run
# with the same number of threads, and peak memory (/usr/bin/time -v). Results: BENCHMARKS.md.
#
#   scripts/bench.sh [WEEKS] [--peers]
#
# WEEKS weekly notes (default 10000) and five daily notes per week. --peers also times
# markdownlint-cli2 (installed into target/bench-tools from npm when missing) on the whole
# corpus, which takes minutes. Needs hyperfine (Debian package) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

weeks=10000
peers=false
for arg in "$@"; do
  case "$arg" in
    --peers) peers=true ;;
    *) weeks="$arg" ;;
  esac
done
small=$((weeks / 10))
out=target/bench
mkdir -p "$out"

echo "--- building"
cargo build --release --quiet --bin weekly-report --example floor --example corpus --example lsp_latency
wr=target/release/weekly-report
floor=target/release/examples/floor

corpus() { # WEEKS → folder
  local dir="target/bench-corpus/$1"
  if [[ ! -d "$dir" ]]; then
    target/release/examples/corpus "$dir" --weeks "$1" --seed 1 >&2
  fi
  echo "$dir"
}
big=$(corpus "$weeks")
little=$(corpus "$small")
one=$(find "$big" -maxdepth 2 -name '第*周*.md' | sort | sed -n 1p)
bytes=$(find "$big" -name '*.md' -print0 | du -cb --files0-from=- | tail -n 1 | cut -f1)
one_bytes=$(stat -c %s "$one")
files=$(find "$big" -name '*.md' | wc -l)
echo "corpus: $big, $files notes, $bytes bytes; one note: $one ($one_bytes bytes)"

if $peers && ! command -v markdownlint-cli2 >/dev/null && [[ ! -x target/bench-tools/node_modules/.bin/markdownlint-cli2 ]]; then
  npm install --prefix target/bench-tools --no-audit --no-fund --loglevel=error markdownlint-cli2@0.24.1
fi
mdl=$(command -v markdownlint-cli2 || echo target/bench-tools/node_modules/.bin/markdownlint-cli2)

echo "--- warm the page cache"
find "$big" "$little" -name '*.md' -print0 | xargs -0 cat >/dev/null

hf() { # NAME RUNS COMMAND
  local name="$1" runs="$2"
  shift 2
  hyperfine --style basic --warmup 1 --runs "$runs" --ignore-failure \
    --export-json "$out/$name.json" --command-name "$name" "$*" >/dev/null
}

hfn() { # NAME RUNS COMMAND, run without a shell (a shell's start-up is most of a millisecond)
  local name="$1" runs="$2"
  shift 2
  hyperfine --style basic --warmup 5 --runs "$runs" --ignore-failure --shell=none \
    --export-json "$out/$name.json" --command-name "$name" "$*" >/dev/null
}

echo "--- whole corpus ($weeks weeks)"
hf floor 5 "$floor $big"
hf floor-1-thread 3 "RAYON_NUM_THREADS=1 $floor $big"
hf parse-json 3 "$wr parse $big > /dev/null"
hf build-md 5 "$wr build $big --format md > /dev/null"
hf build-md-1-thread 3 "RAYON_NUM_THREADS=1 $wr build $big --format md > /dev/null"
hf build-json 3 "$wr build $big --format json > /dev/null"
hf build-sqlite 3 "$wr build $big --format sqlite -o $out/facts.db"
hf build-html 3 "$wr build $big --format html > /dev/null"
hf build-md-small 5 "$wr build $little --format md > /dev/null"
echo "--- one note, whole process"
hfn floor-one 300 "$floor '$one'"
hfn check-one 300 "$wr check '$one'"
if $peers; then
  hf markdownlint-one 10 "$mdl '$one' > /dev/null 2>&1"
  hf markdownlint-corpus 1 "$mdl '$big/**/*.md' > /dev/null 2>&1"
fi

echo "--- language server: didChange → publishDiagnostics, the sample and a note of a 500-week folder"
for note in "examples/notes/第28周 2023-07-08.md" "$one"; do target/release/examples/lsp_latency "$note" 2000; done | tee "$out/lsp.md"
echo "--- peak memory (/usr/bin/time -v)"
mem() { # NAME COMMAND → KB
  /usr/bin/time -v bash -c "$2" 2>&1 >/dev/null | awk -v n="$1" '/Maximum resident/ { print n, $6 }'
}
{
  mem floor "$floor $big"
  mem parse-json "$wr parse $big"
  mem build-md "$wr build $big --format md"
  mem build-md-small "$wr build $little --format md"
  mem build-html "$wr build $big --format html"
  mem build-json "$wr build $big --format json"
  mem build-sqlite "$wr build $big --format sqlite -o $out/facts.db"
  mem floor-one "$floor '$one'"
  mem check-one "$wr check '$one'"
} >"$out/memory.txt"

db_bytes=$(stat -c %s "$out/facts.db")

python3 - "$out" "$bytes" "$one_bytes" "$weeks" "$small" "$db_bytes" <<'EOF'
import json, math, os, sys
out, corpus_bytes, one_bytes, weeks, small = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
db_bytes = int(sys.argv[6])
def t(name):
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        return None
    r = json.load(open(path))["results"][0]
    return r["mean"], r["stddev"] or 0.0
mem = dict(line.split() for line in open(os.path.join(out, "memory.txt")))
floors = {"": t("floor"), "1": t("floor-1-thread")}
rows = [
    ("floor (read + pulldown-cmark events)", "floor", "", corpus_bytes),
    ("floor, 1 thread", "floor-1-thread", "1", corpus_bytes),
    ("parse every note → JSON", "parse-json", "", corpus_bytes),
    ("build → Markdown", "build-md", "", corpus_bytes),
    ("build → Markdown, 1 thread", "build-md-1-thread", "1", corpus_bytes),
    ("build → JSON", "build-json", "", corpus_bytes),
    ("build → HTML", "build-html", "", corpus_bytes),
    (f"build → SQLite (facts.db, {db_bytes / 1e6:.0f} MB)", "build-sqlite", "", corpus_bytes),
    (f"build → Markdown, {small} weeks", "build-md-small", None, corpus_bytes / 10),
    ("markdownlint-cli2, whole corpus", "markdownlint-corpus", "", corpus_bytes),
]
print(f"| whole corpus ({weeks} weeks) | time (s) | MB/s | × floor | peak RSS (MB) |")
print("| --- | ---: | ---: | ---: | ---: |")
for label, name, threads, size in rows:
    r = t(name)
    if r is None:
        continue
    ratio = f"{r[0] / floors[threads][0]:.1f}" if threads is not None else ""
    rss = f"{int(mem[name]) / 1024:.0f}" if name in mem else ""
    print(f"| {label} | {r[0]:.3f} ± {r[1]:.3f} | {size / 1e6 / r[0]:.0f} | {ratio} | {rss} |")
print()
print("| one note, whole process | time (ms) | × floor | peak RSS (MB) |")
print("| --- | ---: | ---: | ---: |")
for label, name in [("floor", "floor-one"), ("weekly-report check", "check-one"), ("markdownlint-cli2", "markdownlint-one")]:
    r = t(name)
    if r is None:
        continue
    rss = f"{int(mem[name]) / 1024:.1f}" if name in mem else ""
    print(f"| {label} | {r[0] * 1e3:.2f} ± {r[1] * 1e3:.2f} | {r[0] / t('floor-one')[0]:.1f} | {rss} |")
sqlite, as_json = t("build-sqlite"), t("build-json")
if sqlite and as_json:
    print()
    print(f"build → SQLite takes {sqlite[0] / as_json[0]:.2f}× the time of build → JSON "
          f"and writes {db_bytes / 1e6:.1f} MB ({db_bytes / corpus_bytes:.2f}× the notes)")
big, little = t("build-md"), t("build-md-small")
if big and little:
    print()
    print(f"growth of build → Markdown from {small} to {weeks} weeks: time exponent "
          f"{math.log(big[0] / little[0]) / math.log(10):.2f}, memory exponent "
          f"{math.log(int(mem['build-md']) / int(mem['build-md-small'])) / math.log(10):.2f}")
EOF
