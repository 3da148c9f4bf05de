"""peerserver - what the peers that run a server (postgres, sphinx) share.

Nothing may outlive a peer's command.  close() stops the server; these make
sure close() runs, or that the server is stopped all the same:

install_signals()  SIGTERM, SIGINT and SIGPIPE raise SystemExit, so the
                   peer's finally (and so close()) runs.  SIGPIPE too: a
                   reader that goes away (`| head`) would otherwise kill the
                   peer with the server still up.
Guard(cmd)         a small watcher process in its own session that waits on
                   a pipe from the peer; if the peer dies without saying it is
                   done (SIGKILL, as tracuu-eval does to a searcher that timed
                   out), the pipe closes and the watcher runs cmd to stop the
                   server.  release() is the peer saying it stopped it itself.
"""
import os
import signal
import subprocess
import sys

_GUARD = r"""
import subprocess, sys
data = sys.stdin.buffer.read()
if data != b"done":
    subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
"""


def _raise(signum, frame):
    if signum == signal.SIGPIPE:
        # stdout is gone: point it at /dev/null so the exit flush is quiet.
        try:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, sys.stdout.fileno())
            os.close(fd)
        except OSError:
            pass
    raise SystemExit(128 + signum)


def install_signals():
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGPIPE):
        signal.signal(s, _raise)


class quiet_signals:
    """Hold SIGTERM/SIGINT off while a server is being stopped."""

    def __enter__(self):
        self.old = [signal.signal(s, signal.SIG_IGN) for s in (signal.SIGTERM, signal.SIGINT)]

    def __exit__(self, *exc):
        for s, h in zip((signal.SIGTERM, signal.SIGINT), self.old):
            signal.signal(s, h)
        return False


class Guard:
    def __init__(self, cmd):
        self.proc = subprocess.Popen([sys.executable, "-c", _GUARD] + list(cmd),
                                     stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)

    def release(self):
        """The server is stopped: the watcher may go without doing anything."""
        if self.proc is None:
            return
        try:
            self.proc.stdin.write(b"done")
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.proc = None
