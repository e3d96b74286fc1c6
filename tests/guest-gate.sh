#!/bin/sh
# guest-gate.sh PROGRAM [ARG...]: runs a guest-tier test. The guest tier
# needs the VM's exporters and Mesa 25 (tests/vm/run.sh sets SHAREDBUF_GUEST);
# anywhere else (a plain `meson test`, a distribution's package build) the
# test is skipped with meson's code 77, never failed.
if [ -z "${SHAREDBUF_GUEST:-}" ]; then
	echo "SKIP: guest tier: needs the VM (make check, or" \
		"tests/vm/run.sh tests/guest-suite.sh BUILD)"
	echo 'PIGLIT: {"result": "skip" }'
	exit 77
fi
exec "$@"
