#!/bin/bash
# Whole-scene evaluation of an instance package: for each seed, generates an INSTANCES sample scene (never used in
# training: training uses seeds 1-4, the chip-level evaluation 101), runs Detect Objects across tiles as a user
# would, and scores the polygons with Accuracy Assessment --mode INSTANCES against the scene's buildings.
#   sample-models/training/eval_instance_scenes.sh [PACKAGE] [SIZE] [SEEDS...]
# Needs the built jar (mvn -o -q -DskipTests package). Prints one line per seed: AP50, AP50:95, P, R, F1, counts.
set -euo pipefail
cd "$(dirname "$0")/../.."
pkg=${1:-sample-models/building_instances.dlpk}; size=${2:-1024}; shift 2 || true
seeds=("$@"); [ ${#seeds[@]} -gt 0 ] || seeds=(777 4242 5151 4343)
work=${EVAL_WORK:-target/eval-instances}
mkdir -p "$work"
printf '%-6s %-6s %-8s %-6s %-6s %-6s %s\n' seed AP50 AP50:95 P R F1 results/buildings
for s in "${seeds[@]}"; do
  scene=$work/scene-$s-$size
  [ -f "$scene/ground_truth.gpkg" ] || ./deepraster sample-scene --flavour INSTANCES --seed "$s" --size "$size" --out "$scene" >/dev/null
  out=$work/$(basename "$pkg" .dlpk)-$s-$size
  ./deepraster detect-objects --in_raster "$scene/scene.tif" --in_model_definition "$pkg" \
      --out_detected_objects "$out.gpkg" --model_arguments "padding 64;threshold 0.5" --overwrite >"$out.log" 2>&1
  ./deepraster accuracy-assessment --mode INSTANCES --results "$out.gpkg" \
      --ground_truth "$scene/ground_truth.gpkg|buildings" --out_folder "$out-report" --overwrite >"$out-report.log" 2>&1
  /usr/bin/python3 - "$out-report/metrics.json" "$s" <<'P'
import json, sys
m = json.load(open(sys.argv[1]))["summary"]
print("%-6s %-6.3f %-8.3f %-6.3f %-6.3f %-6.3f %d / %d" % (sys.argv[2], m["ap50"], m["ap"], m["precision"], m["recall"],
      m["f1"], m["detections"], m["ground_truth"]))
P
done
