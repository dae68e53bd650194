# scripts/lib/build-release.sh — sourced by scripts/run and scripts/demo: builds the release
# iedrive and iedrive-reader and says so as it goes. A fresh clone compiles every dependency
# first (10–15 minutes on 2 cores), so the build's progress is shown every tenth of the way
# instead of hundreds of compiler lines or nothing at all.
#
#   build_release LABEL     prints "LABEL: …" lines; sets $bin to the directory of the binaries
build_release() {
  local label=$1
  echo "$label: building iedrive and iedrive-reader (release); a first build compiles every dependency, 10–15 minutes on 2 cores"
  local product
  for product in iedrive iedrive-reader; do
    swift build -c release --product "$product" 2>&1 | awk -v label="$label" -v product="$product" '
      /^\[[0-9]+\/[0-9]+\]/ {
        split(substr($1, 2, length($1) - 2), step, "/")
        tenth = int(step[1] * 10 / step[2])
        if (tenth > shown) { shown = tenth; printf "%s: building %s: %d%% (%s of %s steps)\n", label, product, tenth * 10, step[1], step[2]; fflush() }
        next
      }
      /error:|warning:|Build complete|Compiling|Linking/ && !/^\[/ { print label ": " $0; fflush() }
    '
  done
  bin=$(swift build -c release --show-bin-path)
  echo "$label: built $bin/iedrive"
}
