#!/bin/sh
# info-check: sharedbuf-info --json parses and tells the truth about the
# machine it runs on.
#   both:  valid JSON, exit 0, EGL usable, the layer in the call path and
#          naming the vendor it wraps, the kernel release, and the exporter
#          nodes exactly as /dev has them (missing ones reported missing);
#          the text report and --help exit as documented
#          the paths the layer takes, from the facts above: the fence path
#          (none without a dma-buf), the driver's native fences, who owns
#          image syncs, the SHAREDBUF extensions (listed exactly where
#          dma-buf import is), CPU lock per format and per modifier
#   guest: the three exporters allocate, the dma-buf ioctls (6.12 has them
#          all) work, XRGB8888 is importable with a LINEAR modifier, is in
#          sharedbuf's table and can be CPU-locked, vgem is listed; fences
#          take the sync_file path, llvmpipe's native fences are the
#          kernel's stub, image syncs are the driver's, both SHAREDBUF
#          extensions are listed
# usage: info-check.sh SHAREDBUF_INFO host|guest
set -u
info=$1 where=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

result() {
	echo "$2"
	echo "PIGLIT: {\"result\": \"$1\" }"
	[ "$1" = pass ] && exit 0
	exit 1
}

# The checks, in Python for its JSON parser. argv: the JSON file, host or
# guest. Prints one FAIL line per broken fact; exits 1 if any.
check='
import json, os, sys

path, where = sys.argv[1], sys.argv[2]
bad = []

def want(cond, what):
    if not cond:
        bad.append(what)
    return cond

def entries(folder, prefixes):
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(folder + "/" + n for n in names
                  if n.startswith(prefixes) and not n.startswith("."))

try:
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
except ValueError as e:
    print("FAIL: not JSON:", e)
    sys.exit(1)

egl, kern = d["egl"], d["kernel"]
disp, layer = egl["display"], egl["layer"]
want(egl["usable"] is True, "egl.usable is not true")
want(disp["initialized"] and disp["context_current"],
     "display not initialised or no context: %s" % disp["error"])
want(disp["gl_renderer"], "no GL_RENDERER")
want(disp["extensions"], "no display extensions")
want(sorted(disp["dmabuf_extensions"]) == sorted([
    "EGL_EXT_image_dma_buf_import", "EGL_EXT_image_dma_buf_import_modifiers",
    "EGL_KHR_fence_sync", "EGL_KHR_wait_sync",
    "EGL_ANDROID_native_fence_sync"]), "dmabuf_extensions keys")
for name, has in disp["dmabuf_extensions"].items():
    want(has == (name in disp["extensions"]), name + " flag disagrees")
want(all(e.startswith("EGL_SHAREDBUF_") and e in disp["extensions"]
         for e in disp["sharedbuf_extensions"]), "sharedbuf_extensions")
want(any(v.endswith("/libEGL_sharedbuf.so.0")
         for v in egl["glvnd"]["vendor_libraries"]),
     "libEGL_sharedbuf.so.0 not among the loaded vendor libraries")
want(layer["in_call_path"] is True, "the layer is not in the call path")
want(layer["next_vendor"], "the layer names no wrapped vendor")
want(not layer["beside_another_vendor"], "the layer has company")
nv = os.environ.get("SHAREDBUF_NEXT_VENDOR", "")
if nv.endswith(".json"):
    want(layer["next_json"] == nv, "wrapped %s, not %s" %
         (layer["next_json"], nv))
want(disp["device"] is not None and
     egl["devices"][disp["device"]]["software"], "display not on software")
want(kern["release"] == os.uname().release, "kernel release")

# The exporters, against what /dev holds.
udmabuf = os.path.exists("/dev/udmabuf")
heaps = entries("/dev/dma_heap", ("",))
dri = entries("/dev/dri", ("card", "renderD"))
want(kern["udmabuf"]["present"] == udmabuf, "udmabuf presence")
want([h["path"] for h in kern["dma_heaps"]] == heaps, "dma-heap list")
want([n["path"] for n in kern["drm_nodes"]] == dri, "DRM node list")
alloc, calls = kern["allocation"], kern["dmabuf_calls"]
if not udmabuf and not heaps and not dri:
    want(kern["missing"] == "no dma-buf exporter on this machine: "
         "udmabuf missing, no dma-heaps, no DRM devices",
         "missing: %r" % kern["missing"])
    want(kern["can_allocate"] is False, "can_allocate without exporters")
    for e in ("udmabuf", "dma-heap", "dumb"):
        want(alloc[e]["result"] == "no such exporter device",
             e + ": " + alloc[e]["result"])
    want(calls["buffer_from"] is None and
         calls["DMA_BUF_IOCTL_SYNC"]["status"] == "not run",
         "ioctls probed without a dma-buf")

# The paths (tools/info/paths.c), each against the facts it rests on.
paths = d["paths"]
dfen = paths["driver_fences"]
exts = disp["extensions"]
env_fence = os.environ.get("SHAREDBUF_FENCE_PATH", "")
env_driver = os.environ.get("SHAREDBUF_DRIVER_FENCES", "")
if calls["buffer_from"] is None:
    want(paths["fences"] is None and
         paths["fences_text"].startswith("no dma-buf to probe"),
         "fences without a dma-buf: %r" % paths["fences_text"])
else:
    sync_file = (calls["DMA_BUF_IOCTL_EXPORT_SYNC_FILE"]["supported"] and
                 env_fence != "poll")
    want(paths["fences"] == ("sync_file" if sync_file else "poll"),
         "fences: %r" % paths["fences"])
has_native = "EGL_ANDROID_native_fence_sync" in exts
want(dfen["native_fence_sync"] == has_native, "native_fence_sync flag")
if not has_native:
    want(dfen["kind"] == "none" and not dfen["probed"] and
         dfen["text"].startswith("none (no EGL_ANDROID_native_fence_sync)"),
         "driver fences without the extension: %r" % dfen["text"])
else:
    stub = dfen["fence_drivers"] and all(
        n == "stub" for n in dfen["fence_drivers"])
    want(dfen["probed"] and dfen["fence_count"] >= 1 and
         dfen["kind"] == ("stub" if stub else "real"),
         "driver fences: %r (%r)" % (dfen["kind"], dfen["error"]))
for name, e in paths["extensions"].items():
    want(e["listed"] == (name in exts), name + " listed flag disagrees")
    # The layer adds both exactly where the driver imports dma-bufs.
    want(e["listed"] == ("EGL_EXT_image_dma_buf_import" in exts),
         name + " listed without dma-buf import, or missing beside it")
    want(e["listed"] or e["why_not"], name + " missing, with no reason")
want(sorted(paths["extensions"]) == ["EGL_SHAREDBUF_image_cpu_access",
                                     "EGL_SHAREDBUF_image_fence"],
     "paths.extensions keys")
if not paths["extensions"]["EGL_SHAREDBUF_image_fence"]["listed"]:
    want(paths["image_syncs"] is None, "image syncs without the extension")
elif paths["fences"] == "poll":
    want(paths["image_syncs"] == "layer", "image syncs on the poll path")
else:
    want(paths["image_syncs"] == ("driver" if has_native and
                                  env_driver != "0" else "layer"),
         "image_syncs: %r" % paths["image_syncs"])
if "EGL_EXT_image_dma_buf_import" not in exts:
    for name, e in paths["extensions"].items():
        want("EGL_EXT_image_dma_buf_import" in (e["why_not"] or ""),
             name + ": why_not %r" % e["why_not"])

# CPU lock: linear (LINEAR, or no modifier at all) and in the table.
fs = egl["dmabuf_formats"]["formats"]
for f in fs:
    mods = f["modifiers"]
    for m in mods:
        want(m["cpu_lockable"] == (m["modifier"] == "0x0000000000000000"),
             "%s %s cpu_lockable" % (f["name"], m["name"]))
    linear = not mods or any(m["cpu_lockable"] for m in mods)
    want(f["cpu_lock"]["possible"] == (f["sharedbuf_known"] and
                                       f["modifiers_queried"] and linear),
         "%s cpu_lock: %r" % (f["name"], f["cpu_lock"]))
    want(f["cpu_lock"]["why"], f["name"] + " cpu_lock without a why")
want(egl["dmabuf_formats"]["cpu_lockable"] ==
     sum(f["cpu_lock"]["possible"] for f in fs), "cpu_lockable count")

if where == "guest":
    for e in ("udmabuf", "dma-heap", "dumb"):
        a = alloc[e]
        want(a["ok"] and a["pitch"] >= 256 and a["size"] >= 256 * 64,
             "%s allocation: %s" % (e, a["result"]))
    for c in ("DMA_BUF_IOCTL_SYNC", "DMA_BUF_IOCTL_EXPORT_SYNC_FILE",
              "DMA_BUF_IOCTL_IMPORT_SYNC_FILE", "poll"):
        want(calls[c]["supported"], "%s: %s" % (c, calls[c]["status"]))
    want(kern["missing"] is None, "missing: %r" % kern["missing"])
    want(any(n.get("driver") == "vgem" for n in kern["drm_nodes"]),
         "no vgem node")
    fmts = [f for f in egl["dmabuf_formats"]["formats"]
            if f["fourcc"] == 0x34325258]
    want(fmts and fmts[0]["sharedbuf_known"] and
         any(m["name"] == "LINEAR" for m in fmts[0]["modifiers"]),
         "XRGB8888 with LINEAR not importable")
    want(fmts and fmts[0]["cpu_lock"]["possible"] is True,
         "XRGB8888 cannot be CPU-locked")
    want(paths["fences"] == "sync_file", "fences: %r" % paths["fences"])
    # Mesa 25 llvmpipe hands out the kernel stub fence, signalled at
    # birth whether or not rendering is done: the layer waits on the CPU.
    want(dfen["kind"] == "stub" and dfen["fence_drivers"] == ["stub"] and
         dfen["text"].startswith("stub (always signalled)"),
         "driver fences: %r %r" % (dfen["kind"], dfen["fence_drivers"]))
    want(paths["image_syncs"] == "driver",
         "image_syncs: %r" % paths["image_syncs"])
    for name, e in paths["extensions"].items():
        want(e["listed"], name + " not listed: %r" % e["why_not"])

for b in bad:
    print("FAIL:", b)
if not bad:
    print("%s: %d formats, %d of 3 exporters allocate, layer wraps %s" % (
        where, len(egl["dmabuf_formats"]["formats"]),
        sum(alloc[e]["ok"] for e in ("udmabuf", "dma-heap", "dumb")),
        layer["next_vendor"]))
    print("%s: fences %s; driver fences %s; image syncs %s" % (
        where, paths["fences"], dfen["kind"], paths["image_syncs"]))
sys.exit(1 if bad else 0)
'

"$info" --json > "$tmp/info.json" 2> "$tmp/err"
rc=$?
cat "$tmp/err"
[ "$rc" = 0 ] || result fail "FAIL: sharedbuf-info --json exited $rc"
if ! python3 -c "$check" "$tmp/info.json" "$where"; then
	cat "$tmp/info.json"
	result fail "FAIL: the report is wrong (its JSON is above)"
fi

"$info" > "$tmp/info.txt"
rc=$?
[ "$rc" = 0 ] || result fail "FAIL: sharedbuf-info exited $rc"
grep -q '^== summary$' "$tmp/info.txt" ||
	result fail "FAIL: the text report has no summary"
# The paths section, before the summary, with its one-line facts.
sed -n '/^== sharedbuf paths$/,/^== summary$/p' "$tmp/info.txt" > "$tmp/paths.txt"
for label in fences 'driver fences' 'image syncs' \
	EGL_SHAREDBUF_image_fence EGL_SHAREDBUF_image_cpu_access 'cpu lock'; do
	grep -q "^  $label  " "$tmp/paths.txt" ||
		result fail "FAIL: the text's paths section has no '$label'"
done
if [ "$where" = guest ]; then
	grep -q '^  driver fences  *stub (always signalled)' "$tmp/paths.txt" ||
		result fail "FAIL: the text does not call llvmpipe's fences stub"
	grep -q '^  name  *fourcc  *sharedbuf  *cpu lock  *modifiers$' \
		"$tmp/info.txt" ||
		result fail "FAIL: the formats table has no cpu lock column"
	grep -q '^  XR24  *0x34325258  *known  *yes  ' "$tmp/info.txt" ||
		result fail "FAIL: the text does not lock XR24"
fi
"$info" --help | grep -q '^Exit status:' ||
	result fail "FAIL: --help does not document the exit status"
"$info" --no-such-option > /dev/null 2>&1
rc=$?
[ "$rc" = 2 ] || result fail "FAIL: a bad option exited $rc, not 2"
result pass "sharedbuf-info: report checked ($where)"
