# Sourced by the scripts: makes sure /dev/null is the null device. On some machines it has been
# found replaced by a regular file that collects whatever is written to it, and cargo then feeds
# that text to its `rustc -` probe, which fails ("unknown start of token"). As root the device is
# recreated; otherwise the scripts stop with a message instead of failing later and obscurely.
if [ ! -c /dev/null ]; then
    echo "/dev/null is not a character device; recreating it" >&2
    if ! { rm -f /dev/null && mknod -m 666 /dev/null c 1 3; }; then
        echo "error: could not recreate /dev/null (needs root); cargo cannot run without it" >&2
        exit 1
    fi
fi
