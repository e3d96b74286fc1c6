#!/bin/bash
# import-report.sh BUILD: what each malformed import of import-invalid does
# on the bare vendor (no layer) and through the layer, per exporter, as a
# Markdown table. A report, not a test: run it in the guest
# (make import-report). Bare Mesa may crash: each case runs in a child.
set -u
build=${1:?usage: import-report.sh BUILD}
bin=$build/tests/piglit/import-invalid
layer_json=$build/src/egl/sharedbuf-build.json
mesa_json=${SHAREDBUF_MESA_JSON:-/usr/share/glvnd/egl_vendor.d/50_mesa.json}
exporters=(udmabuf heap vgem)
declare -A cell want
cases=()
export LP_NUM_THREADS=0 SHAREDBUF_NEXT_VENDOR=$mesa_json

# run TAG VENDOR_JSON EXPORTER: fills cell[case,TAG,EXPORTER].
run() {
	local line name expect got
	while IFS='|' read -r _ name expect got _; do
		name=${name// /} expect=${expect// /} got=${got// /}
		[ -n "$name" ] || continue
		[ -n "${want[$name]+x}" ] || cases+=("$name")
		want[$name]=$expect
		cell[$name,$1,$3]=$got
	done < <(__EGL_VENDOR_LIBRARY_FILENAMES=$2 "$bin" report "$3" 2>/dev/null |
		grep '^|')
}

for e in "${exporters[@]}"; do
	run bare "$mesa_json" "$e"
	run layer "$layer_json" "$e"
done

short() { local s=${1#EGL_}; echo "${s:-?}"; }
echo "| malformed import | spec'd error | bare Mesa: udmabuf / heap / vgem | through sharedbuf |"
echo "|---|---|---|---|"
crashes=0 accepted=0 total=0
for c in "${cases[@]}"; do
	bare=() layer=()
	for e in "${exporters[@]}"; do
		b=${cell[$c,bare,$e]:-skipped} l=${cell[$c,layer,$e]:-skipped}
		bare+=("$(short "$b")") layer+=("$(short "$l")")
		[[ $b == *crash* ]] && crashes=$((crashes + 1))
		[[ $b == *accepted* ]] && accepted=$((accepted + 1))
		[ "$b" = skipped ] || total=$((total + 1))
	done
	l=$(printf '%s\n' "${layer[@]}" | sort -u | paste -sd/)
	echo "| \`$c\` | $(short "${want[$c]}") | ${bare[0]} / ${bare[1]} / ${bare[2]} | $l |"
done
echo
echo "Bare Mesa, over $total case x exporter runs: $crashes crash the process, $accepted are accepted."
