#!/bin/sh
# info-check: sharedbuf-info --json parses and tells the truth about the
# machine it runs on.
#   both:  valid JSON, exit 0, EGL usable, the layer in the call path and
#          naming the vendor it wraps, the kernel release, and the exporter
#          nodes exactly as /dev has them (missing ones reported missing);
#          the text report and --help exit as documented
#   guest: the three exporters allocate, the dma-buf ioctls (6.12 has them
#          all) work, XRGB8888 is importable with a LINEAR modifier and is
#          in sharedbuf's table, vgem is listed
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

for b in bad:
    print("FAIL:", b)
if not bad:
    print("%s: %d formats, %d of 3 exporters allocate, layer wraps %s" % (
        where, len(egl["dmabuf_formats"]["formats"]),
        sum(alloc[e]["ok"] for e in ("udmabuf", "dma-heap", "dumb")),
        layer["next_vendor"]))
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
"$info" --help | grep -q '^Exit status:' ||
	result fail "FAIL: --help does not document the exit status"
"$info" --no-such-option > /dev/null 2>&1
rc=$?
[ "$rc" = 2 ] || result fail "FAIL: a bad option exited $rc, not 2"
result pass "sharedbuf-info: report checked ($where)"
