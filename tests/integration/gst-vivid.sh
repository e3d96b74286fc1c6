#!/bin/bash
# gst-vivid FORMAT API: GStreamer 1.22 (Debian's) capturing the kernel's
# virtual camera, vivid, into GL:
#
#   v4l2src io-mode=dmabuf|mmap ! FORMAT ! glupload ! glcolorconvert
#     ! RGBA 2D GLMemory ! gldownload ! RGBA frames
#
# with GstGL on API (opengl or gles2), four times: dma-buf and system
# memory, each on bare Mesa and through the layer. Pass when every run
# works, the frames through the layer are byte for byte the bare ones, the
# dma-buf frames match the system-memory ones (below), GstGL's log shows
# the same uploader bare and through the layer (a dma-buf one, or where
# llvmpipe cannot import FORMAT, GstGL's fallback), and the layer was
# loaded in gst-launch and counted an import for each dma-buf uploaded.
#
# The dma-buf frame equals the system-memory one byte for byte whenever
# GstGL's own shader converts it (its Dmabuf uploader imports each plane
# as an R8/RG88/RGBA texture; system memory goes through its Raw Data
# uploader and the same shader). Where GstGL imports a YUV buffer whole
# into an external texture (DirectDmabufExternal, GLES2: llvmpipe
# reports YUYV and UYVY as external-only), Mesa's sampler converts it
# instead; that picture differs by rounding and, at the vertical edges of
# vivid's colour bars, by chroma interpolation, so it is compared as
# "close" (framecmp.py), still exactly against bare Mesa.
#
# The caps after glcolorconvert pin texture-target=2D: on GLES2 GstGL
# 1.22 imports BGRx (XR24, external-only on llvmpipe, GstGL's
# gsteglimage.c gst_egl_image_check_dmabuf_direct) into an external-oes
# RGBA texture; with the target left open glcolorconvert passes that
# texture through unchanged (same format), gldownload accepts external-oes
# in its caps (gstgldownloadelement.c
# gst_gl_download_element_transform_caps) but cannot read it
# (gstglmemory.c _gl_tex_map: "Cannot map External OES textures") and
# pushes empty buffers without an error. Bare Mesa the same.
#
# FORMAT: a GStreamer format (RGB BGRx YUY2 UYVY NV12 I420), or NV12M for
# NV12 on vivid's multiplanar device.
. "$(dirname "$0")/lib.sh"
fmt=$1 api=$2
need gst-launch-1.0
vivid
dev=$VIVID caps=$fmt
if [ "$fmt" = NV12M ]; then
	dev=$VIVID_MP caps=NV12
fi
W=320 H=180 N=3

# run HOW IO: one pipeline; frames in $TMP/HOW-IO-N.rgba, log in .log
run() {
	local tag=$1-$2
	# No window system in the guest: GstGL on the EGL device platform,
	# whose device 0 no_dri makes llvmpipe's software device. vivid's
	# on-screen text (a clock) is off. glupload:7 logs each uploader's
	# verdict, gleglimage:2 the EGL error of a failed import.
	GST_GL_PLATFORM=egl GST_GL_WINDOW=egl-device GST_GL_API=$api \
		GST_DEBUG=glupload:7,gleglimage:2 GST_DEBUG_NO_COLOR=1 \
		as "$1" "${NO_DRI[@]}" gst-launch-1.0 -q \
		v4l2src device="$dev" io-mode="$2" num-buffers=$N \
		extra-controls="c,osd_text_mode=2" \
		! "video/x-raw,format=$caps,width=$W,height=$H" \
		! glupload ! glcolorconvert \
		! "video/x-raw(memory:GLMemory),format=RGBA,texture-target=2D" \
		! gldownload ! video/x-raw,format=RGBA \
		! multifilesink location="$TMP/$tag-%d.rgba" \
		> "$TMP/$tag.log" 2>&1 ||
		{
			tail -n 20 "$TMP/$tag.log"
			result fail "FAIL: the $tag pipeline failed"
		}
	[ "$(stat -c %s "$TMP/$tag-$((N - 1)).rgba" 2> /dev/null)" = $((W * H * 4)) ] ||
		result fail "FAIL: the $tag pipeline wrote no $((N - 1))th frame"
}

# uploader TAG: the uploader GstGL used for the last frame
uploader() {
	sed -n 's/.*uploader \(.*\) returned 1, buffer.*/\1/p' "$TMP/$1.log" | tail -n 1
}

# trail TAG: the uploaders GstGL tried for the first buffer, in order, each
# with the reason it refused, up to the one that took it; e.g.
# "GLMemory > DirectDmabuf (direct check failed) > DirectDmabufExternal
# (EGL_BAD_ALLOC) > Dmabuf" (a retry after renegotiation counted once):
# where llvmpipe refuses an import, the same EGL error bare and through
# the layer
trail() {
	awk '/attempting upload with uploader /{sub(/.*with uploader /, "");
		if ($0 == last) next; last = $0
		printf "%s%s", n++ ? " > " : "", $0}
	/eglCreateImage failed: /{sub(/.*failed: /, ""); printf " (%s)", $0}
	/direct check failed/{printf " (direct check failed)"}
	/no GL_OES_EGL_image_external/{printf " (no GL_OES_EGL_image_external)"}
	/ returned 1, buffer/{exit}' "$TMP/$1.log"
}

for how in bare layer; do
	for io in dmabuf mmap; do
		: > "$TMP/stats"
		run "$how" "$io"
		if [ "$how" = layer ]; then
			imports=$(layer_imports gst-launch-1.0) || result fail "FAIL: $io"
			eval "imports_$io=\$imports"
		fi
	done
done
last=$((N - 1))
for io in dmabuf mmap; do
	cmp -s "$TMP/bare-$io-$last.rgba" "$TMP/layer-$io-$last.rgba" ||
		result fail "FAIL: $io frames through the layer differ from bare Mesa's"
done
up_bare=$(uploader bare-dmabuf) up_layer=$(uploader layer-dmabuf)
[ -n "$up_bare" ] || result fail "FAIL: GstGL's log names no uploader"
[ "$up_bare" = "$up_layer" ] ||
	result fail "FAIL: GstGL used $up_bare bare, $up_layer through the layer"
tr_bare=$(trail bare-dmabuf) tr_layer=$(trail layer-dmabuf)
[ "$tr_bare" = "$tr_layer" ] ||
	result fail "FAIL: GstGL's uploaders: bare $tr_bare; through the layer $tr_layer"
# exact unless Mesa's sampler converted YUV (see above)
match=exact
case $up_bare-$fmt in
DirectDmabuf*-RGB | DirectDmabuf*-BGRx) ;;
DirectDmabuf*) match=close ;;
esac
diff=$("$(dirname "$0")/framecmp.py" $match \
	"$TMP/bare-dmabuf-$last.rgba" "$TMP/bare-mmap-$last.rgba") ||
	result fail "FAIL: the dma-buf frame differs from the system-memory one ($match): $diff"
case $up_layer in
*Dmabuf*)
	# one import per plane per buffer at least (buffers are cached)
	[ "${imports_dmabuf:-0}" -ge 1 ] ||
		result fail "FAIL: GstGL's $up_layer uploader made no import through the layer"
	how="dma-buf uploader $up_layer, $imports_dmabuf imports through the layer"
	;;
*)
	how="no dma-buf import of $fmt here: GstGL's fallback $up_layer, bare and through the layer"
	;;
esac
if [ $match = exact ]; then
	sys="identical to the system-memory one"
else
	sys="close to the system-memory one, converted by Mesa's sampler ($diff)"
fi
result pass "$fmt on $api: $how (tried: $tr_layer); frames through the layer identical to bare Mesa's, the dma-buf frame $sys (uploader $(uploader layer-mmap))"
