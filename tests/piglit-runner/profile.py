#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write a Piglit test profile (gzipped XML, the format of Piglit's own
tests/*.xml.gz) for `piglit run /abs/path/PROFILE.xml.gz RESULTS`.

  profile.py sharedbuf PIGLIT_SRC BUILD OUT [SUITE]
      sharedbuf's meson tests of SUITE (guest) in build dir BUILD, read from
      `meson introspect --tests`: one Piglit test "sharedbuf@NAME" each,
      run through tests/piglit-runner/run-test with meson's timeout,
      working directory and environment. Checked against `meson test
      --list --suite SUITE`: the profile holds exactly the tests meson
      runs (Piglit lowercases test names), or profile.py fails.
  profile.py upstream PIGLIT_SRC OUT
      upstream Piglit's dma-buf import and EGL fence tests, taken from its
      own tests/opengl.py profile (names, commands and options unchanged).
  profile.py binaries PIGLIT_SRC
      the Piglit programs the upstream profile runs, one a line (the
      targets tests/piglit-runner/setup.sh builds).

Both are written by Piglit's own serializer (tests/serializer.py).
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# the upstream groups this project cares about (spec@GROUP@test)
UPSTREAM = re.compile(r'^spec@(ext_image_dma_buf_import'
                      r'|egl_ext_image_dma_buf_import_modifiers'
                      r'|egl_khr_fence_sync|egl_android_native_fence_sync'
                      r'|egl_khr_wait_sync)@')

# Tests that open eglGetDisplay(EGL_DEFAULT_DISPLAY) run on X11 (guest.sh
# starts Xvfb): the fence tests ask for a config with window, pixmap and
# pbuffer bits, which only X11 offers. The modifiers query needs
# EGL_EXT_image_dma_buf_import_modifiers, which X11's swrast display lacks:
# it gets the surfaceless platform.
UPSTREAM_ENV = {
    'egl_ext_image_dma_buf_import_modifiers-query': {
        'EGL_PLATFORM': 'surfaceless'},
}

# meson prepends the build's library dirs to LD_LIBRARY_PATH; introspection
# shows only its part, and Piglit would replace the variable with it. The
# adapter prepends SHAREDBUF_PIGLIT_PREPEND_<NAME> to <NAME> instead.
PREPEND = re.compile(r'^(LD_LIBRARY_PATH|PATH)$')


def piglit(src):
    sys.path.insert(0, src)
    from framework.profile import TestProfile, load_test_profile
    from framework.test.piglit_test import PiglitGLTest
    from tests.serializer import serializer
    return TestProfile, load_test_profile, PiglitGLTest, serializer


def sharedbuf(src, build, out, suite='guest'):
    TestProfile, _, PiglitGLTest, serializer = piglit(src)
    intro = subprocess.run(['meson', 'introspect', build, '--tests'],
                           check=True, stdout=subprocess.PIPE).stdout
    build = os.path.abspath(build)
    profile = TestProfile()
    for t in json.loads(intro):
        if not any(s.split(':')[-1] == suite for s in t['suite']):
            continue
        env = {}
        for k, v in t['env'].items():
            env[('SHAREDBUF_PIGLIT_PREPEND_' + k) if PREPEND.match(k) else k] = v
        cmd = [os.path.join(HERE, 'run-test'), str(t['timeout']),
               t['workdir'] or build] + t['cmd']
        # One at a time: several tests count the process's fds, and the
        # guest has one CPU.
        profile.test_list['sharedbuf@' + t['name']] = PiglitGLTest(
            cmd, run_concurrent=False, env=env)
    if not len(profile):
        sys.exit('profile.py: no %s tests in %s' % (suite, build))
    check_meson_list(build, suite, profile)
    serializer('sharedbuf', profile, out)
    print('profile.py: %d sharedbuf tests (meson test --list --suite %s)'
          % (len(profile), suite))


def check_meson_list(build, suite, profile):
    """the profile's tests are those `meson test --list` names in SUITE"""
    out = subprocess.run(['meson', 'test', '-C', build, '--no-rebuild',
                          '--list', '--suite', suite], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    listed = {('sharedbuf@' + l.split(' / ', 1)[1]).lower()
              for l in out.splitlines() if ' / ' in l}
    have = {name.lower() for name in profile.test_list}
    if listed != have:
        sys.exit('profile.py: the profile and `meson test --list --suite %s` '
                 'differ: only in meson: %s; only in the profile: %s' %
                 (suite, sorted(listed - have), sorted(have - listed)))


def upstream_profile(src):
    _, load_test_profile, _, serializer = piglit(src)
    profile = load_test_profile('opengl', python=True)
    profile.filters.append(lambda name, _: bool(UPSTREAM.match(name)))
    if not len(profile):
        sys.exit('profile.py: no dma-buf or fence tests in ' + src)
    return profile, serializer


def upstream(src, out):
    profile, serializer = upstream_profile(src)
    for _, t in profile.itertests():
        t.env.update(UPSTREAM_ENV.get(t._command[0], {}))
    serializer('sharedbuf-upstream', profile, out)


def binaries(src):
    profile, _ = upstream_profile(src)
    print('\n'.join(sorted({t._command[0] for _, t in profile.itertests()})))


def main(argv):
    if len(argv) >= 5 and argv[1] == 'sharedbuf':
        sharedbuf(*argv[2:])
    elif len(argv) == 4 and argv[1] == 'upstream':
        upstream(argv[2], argv[3])
    elif len(argv) == 3 and argv[1] == 'binaries':
        binaries(argv[2])
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
