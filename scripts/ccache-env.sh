# Sourced by the build scripts: ccache keys compilations by paths relative to
# the source tree, so a clone in another folder (CI's) reuses what an earlier
# build on this machine compiled.
root="${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export CCACHE_BASEDIR="$root"
export CCACHE_NOHASHDIR=true
